"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.EMBEDDED_EVENT_STORE_FILE = void 0;
exports.createEventStore = createEventStore;
/** Chooses the event store from configuration: EventStoreDB when a connection string is set, else the embedded file. */
const path = __importStar(require("node:path"));
const sqlite_event_store_1 = require("./sqlite/sqlite-event-store");
exports.EMBEDDED_EVENT_STORE_FILE = 'events.sqlite';
function createEventStore(config, logger) {
    if (config.eventStoreConnectionString) {
        // Loaded only when configured: the gRPC client stays out of the embedded default's start-up.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { EsdbEventStore } = require('./esdb/esdb-event-store');
        return new EsdbEventStore({ connectionString: config.eventStoreConnectionString, logger: logger.child({ component: 'esdb' }) });
    }
    return new sqlite_event_store_1.SqliteEventStore({ file: path.join(config.dataDir, exports.EMBEDDED_EVENT_STORE_FILE) });
}
//# sourceMappingURL=event-store.factory.js.map