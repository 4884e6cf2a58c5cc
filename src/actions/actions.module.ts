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

@Module({
  imports: [CqrsModule, RuntimeModule, AuditModule],
  controllers: [ActionsController, TriggersController],
  providers: [
    ActionExistenceReader,
    ActionDraftTester,
    CreateActionHandler,
    UpdateActionHandler,
    DeployActionHandler,
    RollbackVersionHandler,
    DeleteActionHandler,
    UpdateBindingsHandler,
  ],
})
export class ActionsModule {}
