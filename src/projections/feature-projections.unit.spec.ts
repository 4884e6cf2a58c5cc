/**
 * Every event type of a feature reaches the projection that claims the feature: its filter is derived from the
 * feature's `as const` list, and a type it does not read is marked 'ignored' on purpose, never simply missing.
 */
import { ACTION_EVENT_TYPES } from '../actions/actions.events';
import { actionsProjection } from '../actions/projections/actions.projection';
import { BINDINGS_EVENT_TYPES } from '../bindings/bindings.events';
import { bindingsProjection } from '../bindings/projections/bindings.projection';
import { pendingBuildsProjection } from '../builds/projections/pending-builds.projection';
import { ALL_PROJECTIONS } from './all-projections';

function handlerKinds(p: { claims: readonly string[]; handlers: Readonly<Record<string, unknown>> }) {
  const handled = p.claims.filter((t) => typeof p.handlers[t] === 'function');
  const ignored = p.claims.filter((t) => p.handlers[t] === 'ignored');
  return { handled, ignored };
}

describe('feature projections', () => {
  it.each([
    ['actions', actionsProjection, ACTION_EVENT_TYPES],
    ['bindings', bindingsProjection, BINDINGS_EVENT_TYPES],
  ] as const)('the %s projection handles every event type of its feature', (_, projection, types) => {
    expect([...projection.claims]).toEqual([...types]);
    const { handled, ignored } = handlerKinds(projection);
    expect(handled).toEqual([...types]);
    expect(ignored).toEqual([]);
    expect([...projection.eventTypes].sort()).toEqual([...types].sort());
  });

  it('pending-builds decides on every action event: the draft and build events are handled, versions ignored', () => {
    expect([...pendingBuildsProjection.claims]).toEqual([...ACTION_EVENT_TYPES]);
    const { handled, ignored } = handlerKinds(pendingBuildsProjection);
    expect([...handled, ...ignored].sort()).toEqual([...ACTION_EVENT_TYPES].sort());
    expect(ignored).toEqual(['ActionVersionCreated', 'ActionVersionDeployed']);
    expect([...pendingBuildsProjection.eventTypes]).toEqual(handled);
  });

  it('every projection the runner starts filters on names of a feature list, and names are unique per projection', () => {
    const known = new Set<string>([...ACTION_EVENT_TYPES, ...BINDINGS_EVENT_TYPES]);
    for (const p of ALL_PROJECTIONS) {
      expect(p.eventTypes.filter((t) => !known.has(t))).toEqual([]);
      expect(new Set(p.eventTypes).size).toBe(p.eventTypes.length);
    }
    expect(ALL_PROJECTIONS.map((p) => p.name)).toEqual(['actions', 'bindings', 'pending-builds']);
  });
});
