"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActionsModule = void 0;
/** The Management API write and read paths for actions, versions, triggers and bindings. */
const common_1 = require("@nestjs/common");
const cqrs_1 = require("@nestjs/cqrs");
const audit_module_1 = require("../audit/audit.module");
const runtime_module_1 = require("../runtime/runtime.module");
const update_bindings_handler_1 = require("../bindings/commands/update-bindings.handler");
const triggers_controller_1 = require("../bindings/http/triggers.controller");
const action_existence_1 = require("./commands/action-existence");
const create_update_handlers_1 = require("./commands/create-update.handlers");
const deploy_delete_handlers_1 = require("./commands/deploy-delete.handlers");
const action_draft_tester_1 = require("./http/action-draft-tester");
const actions_controller_1 = require("./http/actions.controller");
const presented_actions_1 = require("./http/presented-actions");
const projection_runner_1 = require("../projections/projection-runner");
let ActionsModule = class ActionsModule {
};
exports.ActionsModule = ActionsModule;
exports.ActionsModule = ActionsModule = __decorate([
    (0, common_1.Module)({
        imports: [cqrs_1.CqrsModule, runtime_module_1.RuntimeModule, audit_module_1.AuditModule],
        controllers: [actions_controller_1.ActionsController, triggers_controller_1.TriggersController],
        providers: [
            action_existence_1.ActionExistenceReader,
            action_draft_tester_1.ActionDraftTester,
            {
                provide: presented_actions_1.PresentedActions,
                // GET of an action from memory, forgotten whenever the projections apply an event of the tenant.
                useFactory: (runner) => {
                    const presented = new presented_actions_1.PresentedActions();
                    runner?.onBatchApplied((events) => presented.invalidate(events));
                    return presented;
                },
                inject: [{ token: projection_runner_1.ProjectionRunner, optional: true }],
            },
            create_update_handlers_1.CreateActionHandler,
            create_update_handlers_1.UpdateActionHandler,
            deploy_delete_handlers_1.DeployActionHandler,
            deploy_delete_handlers_1.RollbackVersionHandler,
            deploy_delete_handlers_1.DeleteActionHandler,
            update_bindings_handler_1.UpdateBindingsHandler,
        ],
    })
], ActionsModule);
//# sourceMappingURL=actions.module.js.map