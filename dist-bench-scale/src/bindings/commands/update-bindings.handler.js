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
exports.UpdateBindingsHandler = exports.UpdateBindingsCommand = void 0;
/**
 * UpdateBindings: resolve every referenced action from its own stream (authoritative: exists, deployed, trigger),
 * then let the bindings decider apply §1.14's rules and replace the trigger's list in one event.
 */
const common_1 = require("@nestjs/common");
const cqrs_1 = require("@nestjs/cqrs");
const config_1 = require("../../config/config");
const streams_1 = require("../../event-store/streams");
const actions_queries_1 = require("../../actions/actions.queries");
const action_existence_1 = require("../../actions/commands/action-existence");
const action_context_1 = require("../../actions/commands/action-context");
const clock_1 = require("../../shared/clock");
const command_pipeline_1 = require("../../shared/command-pipeline");
const bindings_decider_1 = require("../bindings.decider");
class UpdateBindingsCommand {
    triggerId;
    bindings;
    meta;
    constructor(triggerId, bindings, meta) {
        this.triggerId = triggerId;
        this.bindings = bindings;
        this.meta = meta;
    }
}
exports.UpdateBindingsCommand = UpdateBindingsCommand;
let UpdateBindingsHandler = class UpdateBindingsHandler {
    pipeline;
    actions;
    existence;
    config;
    clock;
    ids;
    constructor(pipeline, actions, existence, config, clock, ids) {
        this.pipeline = pipeline;
        this.actions = actions;
        this.existence = existence;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
    }
    async execute({ triggerId, bindings, meta }) {
        const tenantId = meta.principal.tenantId;
        await this.pipeline.run({
            decider: bindings_decider_1.bindingsDecider,
            stream: streams_1.streams.triggerBindings(tenantId, triggerId),
            context: (0, action_context_1.commandContext)(meta),
            expectedRevision: meta.ifMatch,
            command: async ({ state }) => {
                const names = {};
                for (const b of bindings) {
                    if (b.ref.type !== 'action_name')
                        continue;
                    const found = this.actions.findByName(tenantId, b.ref.value);
                    if (found)
                        names[b.ref.value] = found.id;
                }
                const ids = new Set(bindings.flatMap((b) => referencedActionId(b.ref, state, names)));
                const actions = {};
                for (const id of ids) {
                    const { state: action } = await this.existence.load(id);
                    if (action.status !== 'Active' || action.tenantId !== tenantId)
                        continue;
                    actions[id] = { actionId: id, name: action.content.name, deployed: action.deployedVersionId !== undefined, trigger: action.content.supportedTriggers[0] };
                }
                return {
                    type: 'UpdateBindings',
                    data: {
                        tenantId, triggerId, names, actions, now: this.clock.now().toISOString(), maxBindings: this.config.limits.bindingsPerTrigger,
                        items: bindings.map((b) => ({ ref: b.ref, newBindingId: this.ids.newId(), ...(b.display_name !== undefined ? { displayName: b.display_name } : {}) })),
                    },
                };
            },
        });
    }
};
exports.UpdateBindingsHandler = UpdateBindingsHandler;
exports.UpdateBindingsHandler = UpdateBindingsHandler = __decorate([
    (0, cqrs_1.CommandHandler)(UpdateBindingsCommand),
    __param(3, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __param(4, (0, common_1.Inject)(clock_1.CLOCK)),
    __param(5, (0, common_1.Inject)(clock_1.ID_GENERATOR)),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline,
        actions_queries_1.ActionsQueries,
        action_existence_1.ActionExistenceReader, Object, Object, Object])
], UpdateBindingsHandler);
function referencedActionId(ref, state, names) {
    if (ref.type === 'action_id')
        return [ref.value];
    if (ref.type === 'action_name')
        return names[ref.value] ? [names[ref.value]] : [];
    const existing = state.bindings.find((b) => b.id === ref.value);
    return existing ? [existing.actionId] : [];
}
//# sourceMappingURL=update-bindings.handler.js.map