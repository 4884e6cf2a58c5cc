"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.fold = fold;
exports.assertNever = assertNever;
function fold(decider, events) {
    let state = decider.initialState();
    for (const e of events)
        state = decider.evolve(state, e);
    return state;
}
/** Exhaustiveness guard for switches over unions. */
function assertNever(value, what = 'value') {
    throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
//# sourceMappingURL=decider.js.map