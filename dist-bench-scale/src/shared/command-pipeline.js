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
Object.defineProperty(exports, "__esModule", { value: true });
exports.CommandPipeline = exports.PROJECTION_PROGRESS = void 0;
exports.preconditionFailed = preconditionFailed;
/**
 * The one generic write path every command uses: read the stream → fold → decide → append with the revision read
 * → wait until the projections have reached the append, so the response (and any GET after it) reflects the write.
 *
 * Concurrency: a command pinned to a revision by the client (If-Match) is never retried; a mismatch is a 412.
 * Otherwise a conflict is retried a bounded number of times, re-reading and re-deciding, then reported as 409.
 */
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const config_1 = require("../config/config");
const port_1 = require("../event-store/port");
const upcasters_1 = require("../event-store/upcasters");
const domain_errors_1 = require("./domain-errors");
const logging_1 = require("./logging");
exports.PROJECTION_PROGRESS = Symbol('PROJECTION_PROGRESS');
const MAX_ATTEMPTS = 4;
let CommandPipeline = class CommandPipeline {
    store;
    projections;
    config;
    logger;
    constructor(store, projections, config, logger) {
        this.store = store;
        this.projections = projections;
        this.config = config;
        this.logger = logger;
    }
    async load(decider, stream) {
        let state = decider.initialState();
        let revision = 'no_stream';
        for await (const recorded of (0, port_1.readStreamPaged)(this.store, stream)) {
            state = decider.evolve(state, (0, upcasters_1.upcast)(recorded));
            revision = recorded.revision;
        }
        return { state, revision };
    }
    async run(options) {
        const { decider, stream, context, expectedRevision } = options;
        for (let attempt = 1;; attempt++) {
            const loaded = await this.load(decider, stream);
            if (expectedRevision !== undefined && loaded.revision !== expectedRevision)
                throw preconditionFailed();
            const command = await options.command(loaded);
            const events = decider.decide(command, loaded.state);
            if (events.length === 0)
                return { events, state: loaded.state, revision: loaded.revision };
            const causationId = (0, node_crypto_1.randomUUID)();
            try {
                const result = await this.store.append(stream, events.map((e) => ({ id: (0, node_crypto_1.randomUUID)(), type: e.type, data: e.data, metadata: { ...context, causationId: context.causationId ?? causationId } })), loaded.revision);
                await this.waitForProjections(result.position);
                const state = events.reduce(decider.evolve, loaded.state);
                return { events, state, revision: result.nextRevision, position: result.position };
            }
            catch (error) {
                if (!(error instanceof port_1.WrongExpectedRevisionError))
                    throw error;
                if (expectedRevision !== undefined)
                    throw preconditionFailed();
                if (attempt >= MAX_ATTEMPTS) {
                    throw new domain_errors_1.ConflictError('The resource was changed by another request at the same time; please retry.');
                }
                this.logger.debug({ stream, attempt }, 'write conflict, retrying');
            }
        }
    }
    async waitForProjections(position) {
        const reached = await this.projections.waitForPosition(position, this.config.projectionWaitMs);
        if (!reached)
            this.logger.warn({ position: String(position.commit) }, 'projections did not reach the write in time; the response may be stale');
    }
};
exports.CommandPipeline = CommandPipeline;
exports.CommandPipeline = CommandPipeline = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(port_1.EVENT_STORE)),
    __param(1, (0, common_1.Inject)(exports.PROJECTION_PROGRESS)),
    __param(2, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __param(3, (0, common_1.Inject)(logging_1.LOGGER)),
    __metadata("design:paramtypes", [Object, Object, Object, Object])
], CommandPipeline);
function preconditionFailed() {
    return new domain_errors_1.PreconditionFailedError('The resource was modified: the If-Match revision is no longer current.');
}
//# sourceMappingURL=command-pipeline.js.map