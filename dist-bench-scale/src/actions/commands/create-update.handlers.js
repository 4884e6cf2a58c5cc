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
exports.UpdateActionHandler = exports.CreateActionHandler = exports.UpdateActionCommand = exports.CreateActionCommand = void 0;
/**
 * CreateAction and UpdateAction: validate and encrypt the input, claim the name in the tenant's registry, then run
 * the action decider through the command pipeline. Nothing is built here: the draft is `pending` until the build
 * reactor (src/builds/, docs/architecture.md) records its build.
 */
const common_1 = require("@nestjs/common");
const cqrs_1 = require("@nestjs/cqrs");
const config_1 = require("../../config/config");
const streams_1 = require("../../event-store/streams");
const secret_box_1 = require("../../secrets/secret-box");
const clock_1 = require("../../shared/clock");
const command_pipeline_1 = require("../../shared/command-pipeline");
const domain_errors_1 = require("../../shared/domain-errors");
const action_content_1 = require("../action.content");
const action_decider_1 = require("../action.decider");
const tenant_actions_decider_1 = require("../tenant-actions.decider");
const action_input_1 = require("./action-input");
const action_context_1 = require("./action-context");
const action_existence_1 = require("./action-existence");
class CreateActionCommand {
    input;
    meta;
    constructor(input, meta) {
        this.input = input;
        this.meta = meta;
    }
}
exports.CreateActionCommand = CreateActionCommand;
class UpdateActionCommand {
    actionId;
    input;
    meta;
    constructor(actionId, input, meta) {
        this.actionId = actionId;
        this.input = input;
        this.meta = meta;
    }
}
exports.UpdateActionCommand = UpdateActionCommand;
class ActionWriter {
    pipeline;
    config;
    box;
    clock;
    existence;
    constructor(pipeline, config, box, clock, existence) {
        this.pipeline = pipeline;
        this.config = config;
        this.box = box;
        this.clock = clock;
        this.existence = existence;
    }
    now = () => this.clock.now().toISOString();
    /** Claims `name` for the action in the tenant's registry (no-op when it already owns it). */
    async claimName(meta, actionId, name) {
        const tenantId = meta.principal.tenantId;
        await this.pipeline.run({
            decider: tenant_actions_decider_1.tenantActionsDecider,
            stream: streams_1.streams.tenantActions(tenantId),
            context: (0, action_context_1.commandContext)(meta),
            command: async ({ state }) => {
                const owner = state.owners.get(name);
                const existence = owner && owner.actionId !== actionId ? { [owner.actionId]: await this.existence.of(owner.actionId) } : {};
                return { type: 'ClaimActionName', data: { tenantId, actionId, name, now: this.now(), maxActions: this.config.limits.actionsPerTenant, existence } };
            },
        });
    }
}
let CreateActionHandler = class CreateActionHandler extends ActionWriter {
    ids;
    constructor(pipeline, config, box, clock, existence, ids) {
        super(pipeline, config, box, clock, existence);
        this.ids = ids;
    }
    async execute({ input, meta }) {
        const tenantId = meta.principal.tenantId;
        const actionId = this.ids.newId();
        const supportedTriggers = (0, action_input_1.resolveTriggers)(input.supported_triggers);
        const dependencies = (0, action_input_1.normaliseDependencies)(input.dependencies) ?? [];
        const code = input.code ?? '';
        const secretInputs = input.secrets ?? [];
        (0, action_input_1.checkLimits)({ code, dependencies, secretCount: secretInputs.length }, this.config.limits);
        const missing = secretInputs.find((s) => s.value === undefined);
        if (missing)
            throw new domain_errors_1.InvalidError(`Payload validation error: 'Missing required property: value' on property secrets[${secretInputs.indexOf(missing)}].`, 'invalid_body');
        const now = this.now();
        const secrets = (0, action_input_1.encryptSecrets)(secretInputs, { tenantId, actionId }, this.box, this.config.limits)
            .map((s) => ({ name: s.name, updatedAt: now, fingerprint: s.fingerprint, ciphertext: s.ciphertext }));
        const content = {
            name: input.name, supportedTriggers, code, dependencies, runtime: (0, action_input_1.resolveRuntime)(supportedTriggers[0], input.runtime), secrets,
        };
        await this.claimName(meta, actionId, content.name);
        await this.pipeline.run({
            decider: action_decider_1.actionDecider,
            stream: streams_1.streams.action(actionId),
            context: (0, action_context_1.commandContext)(meta),
            command: () => ({
                type: 'CreateAction',
                data: { tenantId, actionId, content, deploy: input.deploy === true, now },
            }),
        });
        return actionId;
    }
};
exports.CreateActionHandler = CreateActionHandler;
exports.CreateActionHandler = CreateActionHandler = __decorate([
    (0, cqrs_1.CommandHandler)(CreateActionCommand),
    __param(1, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __param(2, (0, common_1.Inject)(secret_box_1.SECRET_BOX)),
    __param(3, (0, common_1.Inject)(clock_1.CLOCK)),
    __param(5, (0, common_1.Inject)(clock_1.ID_GENERATOR)),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline, Object, secret_box_1.SecretBox, Object, action_existence_1.ActionExistenceReader, Object])
], CreateActionHandler);
let UpdateActionHandler = class UpdateActionHandler extends ActionWriter {
    constructor(pipeline, config, box, clock, existence) {
        super(pipeline, config, box, clock, existence);
    }
    async execute({ actionId, input, meta }) {
        const tenantId = meta.principal.tenantId;
        const supportedTriggers = input.supported_triggers ? (0, action_input_1.resolveTriggers)(input.supported_triggers) : undefined;
        const secrets = input.secrets ? (0, action_input_1.encryptSecrets)(input.secrets, { tenantId, actionId }, this.box, this.config.limits) : undefined;
        await this.pipeline.run({
            decider: action_decider_1.actionDecider,
            stream: streams_1.streams.action(actionId),
            context: (0, action_context_1.commandContext)(meta),
            expectedRevision: meta.ifMatch,
            command: async ({ state }) => {
                if (state.status !== 'Active' || state.tenantId !== tenantId)
                    throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND_FOR_UPDATE);
                const now = this.now();
                let content;
                try {
                    content = (0, action_content_1.applyPatch)(state.content, { ...input, supportedTriggers, secrets, dependencies: (0, action_input_1.normaliseDependencies)(input.dependencies) }, now);
                }
                catch (e) {
                    if (e instanceof action_content_1.MissingSecretValue)
                        throw new domain_errors_1.InvalidError(e.message);
                    throw e;
                }
                const runtimeChanged = input.runtime !== undefined || supportedTriggers !== undefined;
                content = { ...content, runtime: runtimeChanged ? (0, action_input_1.resolveRuntime)(content.supportedTriggers[0], input.runtime ?? content.runtime) : content.runtime };
                (0, action_input_1.checkLimits)({ code: content.code, dependencies: content.dependencies, secretCount: content.secrets.length }, this.config.limits);
                const command = { type: 'UpdateAction', data: { tenantId, content, now } };
                if (content.name !== state.content.name) {
                    action_decider_1.actionDecider.decide(command, state); // the decider is pure: a dry run refuses bad input before the claim
                    await this.claimName(meta, actionId, content.name);
                }
                return command;
            },
        });
    }
};
exports.UpdateActionHandler = UpdateActionHandler;
exports.UpdateActionHandler = UpdateActionHandler = __decorate([
    (0, cqrs_1.CommandHandler)(UpdateActionCommand),
    __param(1, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __param(2, (0, common_1.Inject)(secret_box_1.SECRET_BOX)),
    __param(3, (0, common_1.Inject)(clock_1.CLOCK)),
    __metadata("design:paramtypes", [command_pipeline_1.CommandPipeline, Object, secret_box_1.SecretBox, Object, action_existence_1.ActionExistenceReader])
], UpdateActionHandler);
//# sourceMappingURL=create-update.handlers.js.map