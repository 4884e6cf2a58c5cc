/** The Management API write and read paths for actions, versions, triggers and bindings. */
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { RuntimeModule } from '../runtime/runtime.module';
import { UpdateBindingsHandler } from '../bindings/commands/update-bindings.handler';
import { TriggersController } from '../bindings/http/triggers.controller';
import { ActionExistenceReader } from './commands/action-existence';
import { CreateActionHandler, UpdateActionHandler } from './commands/create-update.handlers';
import { DeleteActionHandler, DeployActionHandler, RollbackVersionHandler } from './commands/deploy-delete.handlers';
import { ActionDraftTester } from './http/action-draft-tester';
import { ActionsController } from './http/actions.controller';
import { PresentedActions } from './http/presented-actions';
import { ProjectionRunner } from '../projections/projection-runner';

@Module({
  imports: [CqrsModule, RuntimeModule, AuditModule],
  controllers: [ActionsController, TriggersController],
  providers: [
    ActionExistenceReader,
    ActionDraftTester,
    {
      provide: PresentedActions,
      // GET of an action from memory, forgotten whenever the projections apply an event of the tenant.
      useFactory: (runner?: ProjectionRunner) => {
        const presented = new PresentedActions();
        runner?.onBatchApplied((events) => presented.invalidate(events));
        return presented;
      },
      inject: [{ token: ProjectionRunner, optional: true }],
    },
    CreateActionHandler,
    UpdateActionHandler,
    DeployActionHandler,
    RollbackVersionHandler,
    DeleteActionHandler,
    UpdateBindingsHandler,
  ],
})
export class ActionsModule {}
