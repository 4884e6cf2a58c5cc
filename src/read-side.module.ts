/** Queries over the read models, global so the runtime can take what triggers run from them without a cycle. */
import { Global, Module } from '@nestjs/common';
import { ActionsQueries } from './actions/actions.queries';
import { BindingsQueries } from './bindings/bindings.queries';
import { ReadModelBoundVersions } from './bindings/bound-versions.source';
import { ProjectionRunner } from './projections/projection-runner';
import { BOUND_VERSIONS_SOURCE } from './runtime/runtime.ports';
import { SECRET_BOX, SecretBox } from './secrets/secret-box';

@Global()
@Module({
  providers: [
    ActionsQueries,
    BindingsQueries,
    {
      provide: ReadModelBoundVersions,
      // The in-memory view forgets a tenant's triggers whenever the projections apply an event of that tenant.
      useFactory: (bindings: BindingsQueries, actions: ActionsQueries, box: SecretBox, runner?: ProjectionRunner) => {
        const source = new ReadModelBoundVersions(bindings, actions, box);
        runner?.onBatchApplied((events) => source.invalidate(events));
        return source;
      },
      inject: [BindingsQueries, ActionsQueries, SECRET_BOX, { token: ProjectionRunner, optional: true }],
    },
    { provide: BOUND_VERSIONS_SOURCE, useExisting: ReadModelBoundVersions },
  ],
  exports: [ActionsQueries, BindingsQueries, BOUND_VERSIONS_SOURCE, ReadModelBoundVersions],
})
export class ReadSideModule {}
