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
exports.ActionDraftTester = exports.DRAFT_RUNNER = exports.DRAFT_STILL_BUILDING = void 0;
/**
 * POST /actions/{id}/test: loads the draft from the action's own stream (so the test runs exactly what was last
 * saved), waits for its build while it is pending (up to DRAFT_TEST_BUILD_WAIT_MS, then 409), decrypts its secrets,
 * and hands it to the runtime's draft runner with the dependencies its build resolved.
 */
const promises_1 = require("node:timers/promises");
const common_1 = require("@nestjs/common");
const config_1 = require("../../config/config");
const secret_box_1 = require("../../secrets/secret-box");
const domain_errors_1 = require("../../shared/domain-errors");
const action_decider_1 = require("../action.decider");
const action_existence_1 = require("../commands/action-existence");
const BUILD_POLL_MS = 100;
exports.DRAFT_STILL_BUILDING = 'The draft is still being built; test it again once its status is built.';
exports.DRAFT_RUNNER = Symbol('DRAFT_RUNNER');
let ActionDraftTester = class ActionDraftTester {
    actions;
    box;
    runner;
    config;
    constructor(actions, box, runner, config) {
        this.actions = actions;
        this.box = box;
        this.runner = runner;
        this.config = config;
    }
    async test(tenantId, actionId, payload) {
        const state = await this.builtDraft(tenantId, actionId);
        const { content, build } = state;
        const secrets = Object.fromEntries(content.secrets.map((s) => [s.name, this.box.decrypt(s.ciphertext, { tenantId, actionId, name: s.name })]));
        return this.runner.test(tenantId, {
            actionId,
            actionName: content.name,
            triggerId: content.supportedTriggers[0].id,
            code: content.code,
            dependencies: build.status === 'built' ? build.resolvedDependencies : content.dependencies.map((d) => ({ name: d.name, version: d.version })),
            secrets,
            ...(build.status === 'failed' ? { buildErrors: build.errors } : {}),
        }, payload);
    }
    /** The draft once its build has an outcome; 404 for another tenant's or a deleted action. */
    async builtDraft(tenantId, actionId) {
        const deadline = Date.now() + this.config.build.draftTestWaitMs;
        for (;;) {
            const state = active((await this.actions.load(actionId)).state, tenantId);
            if (state.build.status !== 'pending')
                return state;
            if (Date.now() >= deadline)
                throw new domain_errors_1.ConflictError(exports.DRAFT_STILL_BUILDING);
            await (0, promises_1.setTimeout)(BUILD_POLL_MS);
        }
    }
};
exports.ActionDraftTester = ActionDraftTester;
exports.ActionDraftTester = ActionDraftTester = __decorate([
    (0, common_1.Injectable)(),
    __param(1, (0, common_1.Inject)(secret_box_1.SECRET_BOX)),
    __param(2, (0, common_1.Inject)(exports.DRAFT_RUNNER)),
    __param(3, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __metadata("design:paramtypes", [action_existence_1.ActionExistenceReader,
        secret_box_1.SecretBox, Object, Object])
], ActionDraftTester);
function active(state, tenantId) {
    if (state.status !== 'Active' || state.tenantId !== tenantId)
        throw new domain_errors_1.NotFoundError(action_decider_1.ACTION_NOT_FOUND);
    return state;
}
//# sourceMappingURL=action-draft-tester.js.map