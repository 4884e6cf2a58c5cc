/**
 * Pure domain contracts. No Nest, no I/O, no clock: time and ids arrive inside the command.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/**
 * A feature's event union, derived from its one `as const` list of type names (`<feature>.events.ts`) and the data
 * of each type. `Data` must name exactly the types of the list: a name without data, or data without a name, does
 * not compile, so the list (which projections filter on) and the union cannot drift apart.
 */
export type EventUnion<
  Types extends string,
  Data extends Record<Types, unknown> & Record<Exclude<keyof Data, Types>, never>,
> = { [T in Types]: DomainEvent<T, Data[T]> }[Types];

/** One member of an event union, by type name. */
export type EventOf<E extends DomainEvent, T extends E['type']> = Extract<E, { type: T }>;

export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  /** Total: never throws; unknown events leave the state as it is. */
  evolve(state: State, event: Event): State;
  /** Returns the events the command produces ([] = nothing to do) or throws a DomainError. */
  decide(command: Command, state: State): Event[];
}

/** Exhaustiveness guard for switches over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
