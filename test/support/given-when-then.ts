/** Decider specifications: given(events).when(command).then(events) | .thenThrows(ErrorClass, message?) | .thenNothingHappened(). */
import type { Decider, DomainEvent } from '../../src/shared/decider';

export function specFor<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given(events: E[] = []) {
      return {
        when(command: C) {
          const run = () => {
            const state = events.reduce(decider.evolve, decider.initialState());
            return decider.decide(command, state);
          };
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappened() {
              expect(run()).toEqual([]);
            },
            thenThrows(errorClass: new (...args: never[]) => Error, message?: string | RegExp) {
              let thrown: unknown;
              try {
                run();
              } catch (e) {
                thrown = e;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (message !== undefined) expect((thrown as Error).message).toMatch(message);
            },
            /** For assertions on parts of the events (generated content is long). */
            events: run,
          };
        },
      };
    },
  };
}
