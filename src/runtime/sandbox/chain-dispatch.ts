/**
 * Runs a trigger's bound actions one after the other in ONE call into the tenant's isolate (docs/performance.md,
 * "One call per chain"). Every call from the main thread into an isolate is a thread hand-off both ways; a chain of
 * five actions made five. The dispatcher is a function in its own context of the isolate (hardened like every other,
 * no user code, nothing but this source) that the host calls with the event's JSON (once for the chain) and, per
 * action, its handler name, its version's secrets as JSON and its warm context's `invokeChained` (bootstrap.ts). It
 * calls each in turn, handing on the command budget the previous one left, and answers the JSON array of results
 * `[[result, ms], ...]`. Called on the host's own thread (`sync`, sync-runs.ts), it answers a box the array is put in
 * once the chain settles, as a call there cannot wait for a promise.
 *
 * Only strings, numbers and the dispatcher's own `done` callbacks cross between the contexts, so no object of one
 * version's context reaches another's (each keeps its own builtins, as when the host called them one by one); `done`
 * is called by the bootstrap through its private copy of Promise.prototype.then, never through anything user code
 * can replace. The chain goes on after an action only when nothing later actions see can have changed: it made no
 * host call and recorded only pure commands (bootstrap.ts), and did not fail; otherwise the dispatcher stops there
 * and the host runs the rest after applying that action's effects. The count of finished actions is kept in a
 * SharedArrayBuffer the host reads when the call fails (deadline, memory), to know which action was running.
 */
export const DISPATCH_SOURCE = `
(function () {
  'use strict';
  const now = Date.now;
  const Int32 = Int32Array;
  return function runChain(eventJson, commandBytesLeft, progress, sync, ...steps) {
    const finished = progress === undefined ? undefined : new Int32(progress);
    const box = {};
    const chain = new Promise((resolve) => {
      const results = [];
      const answer = () => {
        box.result = '[' + results.join(',') + ']';
        resolve(box.result);
      };
      let budget = commandBytesLeft;
      const next = (at) => {
        if (at >= steps.length) return answer();
        const started = now();
        const earlier = results.length === 0 ? undefined : '[' + results.join(',') + ']';
        steps[at + 2](steps[at], eventJson, steps[at + 1], budget, earlier, (result, left, chainable) => {
          results[results.length] = '[' + result + ',' + (now() - started) + ']';
          if (finished !== undefined) finished[0] = results.length;
          budget = left;
          if (chainable) next(at + 3);
          else answer();
        }, sync);
      };
      next(0);
    });
    return sync === true ? box : chain;
  };
})()`;

/** One action's part of a chain result: what the bootstrap's run answered, and its time in the isolate (ms). */
export type ChainStepResult = [
  { error?: { name: string; message: string; stack: string }; deferred?: unknown[]; bailed?: true },
  number,
];
