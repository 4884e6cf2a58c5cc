"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.uuidGenerator = exports.systemClock = exports.ID_GENERATOR = exports.CLOCK = void 0;
/** Time and ids enter the domain through commands; these are where they come from (fixed in tests). */
const node_crypto_1 = require("node:crypto");
exports.CLOCK = Symbol('CLOCK');
exports.ID_GENERATOR = Symbol('ID_GENERATOR');
exports.systemClock = { now: () => new Date() };
exports.uuidGenerator = { newId: () => (0, node_crypto_1.randomUUID)() };
//# sourceMappingURL=clock.js.map