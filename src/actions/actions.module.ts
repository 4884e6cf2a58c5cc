/**
 * Actions and their versions: the commands (create, update, deploy, roll back, delete), their controller, and the
 * actions read side other features build on (ActionsQueries, ActionStreamReader).
 */
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { ProjectionRunner } from '../projections/projection-runner';
import { ProjectionsModule } from '../projections/projections.module';
import { CommandPipelineModule } from '../shared/command-pipeline.module';
import { ActionsQueries } from './actions.queries';
import { ActionStreamReader } from './action-stream.reader';
import { ActionNameClaims } from './commands/claim-action-name';
import { CreateActionHandler } from './commands/create-action.handler';
import { DeleteActionHandler } from './commands/delete-action.handler';
import { DeployActionHandler } from './commands/deploy-action.handler';
import { RollbackVersionHandler } from './commands/rollback-version.handler';
import { UpdateActionHandler } from './commands/update-action.handler';
import { ActionsController } from './http/actions.controller';
import { PresentedActions } from './http/presented-actions';

@Module({
  imports: [CqrsModule, CommandPipelineModule, ProjectionsModule, AuditModule],
  controllers: [ActionsController],
  providers: [
    ActionsQueries,
    ActionStreamReader,
    ActionNameClaims,
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
  exports: [ActionsQueries, ActionStreamReader],
})
export class ActionsModule {}
