"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
var FoundationModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.FoundationModule = void 0;
/**
 * Global providers every feature uses: configuration, logger, clock and ids, secrets at rest, token verification,
 * the event store, the command pipeline and metrics. Built from one AppConfig so tests can start the real service
 * with their own data directory, clock and ids.
 */
const common_1 = require("@nestjs/common");
const config_1 = require("./config/config");
const port_1 = require("./event-store/port");
const event_store_factory_1 = require("./event-store/event-store.factory");
const secret_box_1 = require("./secrets/secret-box");
const dev_secret_1 = require("./auth/dev-secret");
const auth_guard_1 = require("./auth/auth.guard");
const token_verifier_1 = require("./auth/token-verifier");
const clock_1 = require("./shared/clock");
const command_pipeline_1 = require("./shared/command-pipeline");
const logging_1 = require("./shared/logging");
const metrics_1 = require("./operations/metrics");
let EventStoreCloser = class EventStoreCloser {
    store;
    owned;
    constructor(store, owned) {
        this.store = store;
        this.owned = owned;
    }
    async onApplicationShutdown() {
        if (this.owned)
            await this.store.close();
    }
};
EventStoreCloser = __decorate([
    __param(0, (0, common_1.Inject)(port_1.EVENT_STORE)),
    __metadata("design:paramtypes", [Object, Boolean])
], EventStoreCloser);
let FoundationModule = FoundationModule_1 = class FoundationModule {
    static forRoot(o) {
        const { config, logger } = o;
        const hsSecret = config.auth.jwtSecret ?? (config.auth.jwksUri ? undefined : (0, dev_secret_1.devJwtSecret)(config.dataDir)[0]);
        const masterKey = config.secretsKey ? Buffer.from(config.secretsKey, 'base64') : (0, dev_secret_1.secretsKey)(config.dataDir);
        return {
            module: FoundationModule_1,
            providers: [
                { provide: config_1.APP_CONFIG, useValue: config },
                { provide: logging_1.LOGGER, useValue: logger },
                { provide: clock_1.CLOCK, useValue: o.clock ?? clock_1.systemClock },
                { provide: clock_1.ID_GENERATOR, useValue: o.ids ?? clock_1.uuidGenerator },
                { provide: secret_box_1.SECRET_BOX, useValue: new secret_box_1.SecretBox(masterKey) },
                {
                    provide: auth_guard_1.TOKEN_VERIFIER,
                    useValue: new token_verifier_1.TokenVerifier({ hsSecret, jwksUri: config.auth.jwksUri, audience: config.auth.audience, issuer: config.auth.issuer }),
                },
                { provide: port_1.EVENT_STORE, useFactory: () => o.eventStore ?? (0, event_store_factory_1.createEventStore)(config, logger) },
                { provide: EventStoreCloser, useFactory: (store) => new EventStoreCloser(store, !o.eventStore), inject: [port_1.EVENT_STORE] },
                command_pipeline_1.CommandPipeline,
                metrics_1.Metrics,
            ],
            exports: [config_1.APP_CONFIG, logging_1.LOGGER, clock_1.CLOCK, clock_1.ID_GENERATOR, secret_box_1.SECRET_BOX, auth_guard_1.TOKEN_VERIFIER, port_1.EVENT_STORE, command_pipeline_1.CommandPipeline, metrics_1.Metrics],
        };
    }
};
exports.FoundationModule = FoundationModule;
exports.FoundationModule = FoundationModule = FoundationModule_1 = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({})
], FoundationModule);
//# sourceMappingURL=foundation.module.js.map