/** Every projection of the service, in the order the runner starts them (docs/recipes.md, "Add a projection"). */
import { actionsProjection } from '../actions/projections/actions.projection';
import { bindingsProjection } from '../bindings/projections/bindings.projection';
import { pendingBuildsProjection } from '../builds/projections/pending-builds.projection';
import type { Projection } from './projection';

export const ALL_PROJECTIONS: readonly Projection[] = [actionsProjection, bindingsProjection, pendingBuildsProjection];
