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
exports.DeleteActionHandler = exports.RollbackVersionHandler = exports.DeployActionHandler = exports.DeleteActionCommand = exports.RollbackVersionCommand = exports.DeployActionCommand = void 0;
/**
 * DeployAction, RollbackVersion and DeleteAction. A force delete touches several streams: it first removes the
 * action from every trigger's bindings, then appends ActionDeleted, then releases the name. Each step is idempotent,
 * so a retried delete finishes a job that a crash interrupted, and readers never show a binding of a deleted action.
 */
const common_1 = require("@nestjs/common");
const cqrs_1 = require("@nestjs/cqrs");
const config_1 = require("../../config/config");
const streams_1 = require("../../event-store/streams");
const bindings_decider_1 = require("../../bindings/bindings.decider");
const bindings_queries_1 = require("../../bindings/bindings.queries");
const clock_1 = require("../../shared/clock");
const command_pipeline_1 = require("../../shared/command-pipeline");
const domain_errors_1 = require("../../shared/domain-errors");
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
const action_decider_1 = require("../action.decider");
const tenant_actions_decider_1 = require("../tenant-actions.decider");
const action_context_1 = require("./action-context");
class DeployActionCommand {
    actionId;
    meta;
    constructor(actionId, meta) {
        this.actionId = actionId;
        this.meta = meta;
    }
}
exports.DeployActionCommand = DeployActionCommand;
class RollbackVersionCommand {
    actionId;
    versionId;
    updateDraft;
    meta;
    constructor(actionId, versionId, updateDraft, meta) {
        this.actionId = actionId;
        this.versionId = versionId;
        this.updateDraft = updateDraft;
        this.meta = meta;
    }
}
exports.RollbackVersionCommand = RollbackVersionCommand;
class DeleteActionCommand {
    actionId;
    force;
    meta;
    constructor(actionId, force, meta) {
        this.actionId = actionId;
        this.force = force;
        this.meta = meta;
    }
}
exports.DeleteActionCommand = DeleteActionCommand;
/** Returns the id of the new version. */
let DeployActionHandler = class DeployActionHandler {
    pipeline;
    config;
    clock;
    ids;
    constructor(pipeline, config, clock, ids) {
        this.pipeline = pipeline;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
    }
    async execute({ actionId, meta }) {
        const versionId = this.ids.newId();
        const tenantId = meta.principal.tenantId;
        await this.pipeline.run({
            decider: action_decider_1.actionDecider,
            stream: streams_1.streams.action(actionId),
            context: (0, action_context_1.commandContext)(meta),
            expectedRevision: meta.ifMatch,
            command: () => ({ type: 'DeployAction', data: { tenantId, versionId, now: this.clock.now().toISOString(), maxVersions: this.config.limits.versionsPerAction } }),
        });
        return versionId;
    }
};
exports.DeployActionHandler = DeployActionHandler;
exports.DeployActionHandler = DeployActionHandler = __decorate([
    (0, cqrs_1.CommandHandler)(DeployActionCommand),
    __param(1, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __param(2, (0, common_1.Inject)(clock_1.CLOCK)),
    __param(3, (0, common_1.Inject)(clock_1.ID_GENERATOR)),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline, Object, Object, Object])
], DeployActionHandler);
let RollbackVersionHandler = class RollbackVersionHandler {
    pipeline;
    config;
    clock;
    ids;
    constructor(pipeline, config, clock, ids) {
        this.pipeline = pipeline;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
    }
    async execute({ actionId, versionId: targetVersionId, updateDraft, meta }) {
        const versionId = this.ids.newId();
        const tenantId = meta.principal.tenantId;
        await this.pipeline.run({
            decider: action_decider_1.actionDecider,
            stream: streams_1.streams.action(actionId),
            context: (0, action_context_1.commandContext)(meta),
            expectedRevision: meta.ifMatch,
            command: () => ({
                type: 'RollbackVersion',
                data: { tenantId, targetVersionId, versionId, updateDraft, now: this.clock.now().toISOString(), maxVersions: this.config.limits.versionsPerAction },
            }),
        });
        return versionId;
    }
};
exports.RollbackVersionHandler = RollbackVersionHandler;
exports.RollbackVersionHandler = RollbackVersionHandler = __decorate([
    (0, cqrs_1.CommandHandler)(RollbackVersionCommand),
    __param(1, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __param(2, (0, common_1.Inject)(clock_1.CLOCK)),
    __param(3, (0, common_1.Inject)(clock_1.ID_GENERATOR)),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline, Object, Object, Object])
], RollbackVersionHandler);
let DeleteActionHandler = class DeleteActionHandler {
    pipeline;
    bindings;
    clock;
    constructor(pipeline, bindings, clock) {
        this.pipeline = pipeline;
        this.bindings = bindings;
        this.clock = clock;
    }
    async execute({ actionId, force, meta }) {
        const tenantId = meta.principal.tenantId;
        const context = (0, action_context_1.commandContext)(meta);
        const now = () => this.clock.now().toISOString();
        const { state, revision } = await this.pipeline.load(action_decider_1.actionDecider, streams_1.streams.action(actionId));
        if (state.status !== 'Active' || state.tenantId !== tenantId)
            throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
        if (meta.ifMatch !== undefined && revision !== meta.ifMatch)
            throw (0, command_pipeline_1.preconditionFailed)();
        for (const triggerId of this.triggersToCheck(tenantId, actionId, state.content.supportedTriggers[0])) {
            const stream = streams_1.streams.triggerBindings(tenantId, triggerId);
            const bound = (await this.pipeline.load(bindings_decider_1.bindingsDecider, stream)).state.bindings.some((b) => b.actionId === actionId);
            if (!bound)
                continue;
            if (!force)
                throw new domain_errors_1.ConflictError('Unable to delete an action bound to a trigger.');
            await this.pipeline.run({
                decider: bindings_decider_1.bindingsDecider, stream, context,
                command: () => ({ type: 'RemoveActionFromBindings', data: { tenantId, triggerId, actionId, now: now() } }),
            });
        }
        await this.pipeline.run({
            decider: action_decider_1.actionDecider, stream: streams_1.streams.action(actionId), context, expectedRevision: meta.ifMatch,
            command: () => ({ type: 'DeleteAction', data: { tenantId, now: now() } }),
        });
        await this.pipeline.run({
            decider: tenant_actions_decider_1.tenantActionsDecider, stream: streams_1.streams.tenantActions(tenantId), context,
            command: () => ({ type: 'ReleaseActionName', data: { tenantId, actionId, now: now() } }),
        });
    }
    /** Every trigger the action could be bound to (read from the streams), plus any the read model knows of. */
    triggersToCheck(tenantId, actionId, trigger) {
        const candidates = new Set(trigger_catalogue_1.TRIGGERS.filter((t) => (0, trigger_catalogue_1.canBind)(trigger, t.id)).map((t) => t.id));
        for (const t of this.bindings.triggersBinding(tenantId, actionId))
            candidates.add(t);
        return [...candidates].sort();
    }
};
exports.DeleteActionHandler = DeleteActionHandler;
exports.DeleteActionHandler = DeleteActionHandler = __decorate([
    (0, cqrs_1.CommandHandler)(DeleteActionCommand),
    __param(2, (0, common_1.Inject)(clock_1.CLOCK)),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline,
        bindings_queries_1.BindingsQueries, Object])
], DeleteActionHandler);
//# sourceMappingURL=deploy-delete.handlers.js.map