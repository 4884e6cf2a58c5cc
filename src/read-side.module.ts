/** Queries over the read models, global so the runtime can take what triggers run from them without a cycle. */
import { Global, Module } from '@nestjs/common';
import { ActionsQueries } from './actions/actions.queries';
import { BindingsQueries } from './bindings/bindings.queries';
import { ReadModelBoundVersions } from './bindings/bound-versions.source';
import { BOUND_VERSIONS_SOURCE } from './runtime/runtime.ports';

@Global()
@Module({
  providers: [ActionsQueries, BindingsQueries, { provide: BOUND_VERSIONS_SOURCE, useClass: ReadModelBoundVersions }],
  exports: [ActionsQueries, BindingsQueries, BOUND_VERSIONS_SOURCE],
})
export class ReadSideModule {}
