/**
 * Pure domain contracts. No Nest, no I/O, no clock: time and ids arrive inside the command.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

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
