/**
 * Actions and their versions: the commands (create, update, deploy, roll back, delete), their controller, and the
 * actions read side other features build on (ActionsQueries, ActionExistenceReader).
 */
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { ProjectionRunner } from '../projections/projection-runner';
import { ProjectionsModule } from '../projections/projections.module';
import { CommandPipelineModule } from '../shared/command-pipeline.module';
import { ActionsQueries } from './actions.queries';
import { ActionExistenceReader } from './commands/action-existence';
import { CreateActionHandler, UpdateActionHandler } from './commands/create-update.handlers';
import { DeleteActionHandler, DeployActionHandler, RollbackVersionHandler } from './commands/deploy-delete.handlers';
import { ActionsController } from './http/actions.controller';
import { PresentedActions } from './http/presented-actions';

@Module({
  imports: [CqrsModule, CommandPipelineModule, ProjectionsModule, AuditModule],
  controllers: [ActionsController],
  providers: [
    ActionsQueries,
    ActionExistenceReader,
    {
      provide: PresentedActions,
      // GET of an action from memory, forgotten whenever the projections apply an event of the tenant.
      useFactory: (runner: ProjectionRunner) => {
        const presented = new PresentedActions();
        runner.onBatchApplied((events) => presented.invalidate(events));
        return presented;
      },
      inject: [ProjectionRunner],
    },
    CreateActionHandler,
    UpdateActionHandler,
    DeployActionHandler,
    RollbackVersionHandler,
    DeleteActionHandler,
  ],
  exports: [ActionsQueries, ActionExistenceReader],
})
export class ActionsModule {}
