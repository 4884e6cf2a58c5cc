"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProjectionProgress = void 0;
/**
 * What the runner knows in memory about its projections: each one's checkpoint, whether it is parked, the head of
 * the log recorded at start, and the writers waiting for a position. `waitForPosition` resolves from here, without
 * touching SQLite: the runner reports every committed checkpoint and calls `settle()` after each batch.
 */
const port_1 = require("../event-store/port");
const later = (a, b) => ((0, port_1.comparePositions)(a, b) >= 0 ? a : b);
class ProjectionProgress {
    names;
    tracked = new Map();
    waiters = new Set();
    headAtStart;
    newestSeen = port_1.START;
    caughtUp = false;
    /** Every projection the runner feeds; until `load`, each counts as being at the start of the log. */
    constructor(names) {
        this.names = names;
    }
    load(name, checkpoint) {
        this.tracked.set(name, { checkpoint, missed: 0 });
    }
    /** The head of the log when the runner started: readiness means every running projection got there. */
    recordHeadAtStart(head) {
        this.headAtStart = head;
        this.newestSeen = later(this.newestSeen, head);
    }
    /** A batch arrived from the log: parked projections fall further behind. */
    received(count, last) {
        this.newestSeen = later(this.newestSeen, last);
        for (const t of this.tracked.values())
            if (t.parked)
                t.missed += count;
    }
    advance(name, checkpoint) {
        const t = this.tracked.get(name);
        if (t && (0, port_1.comparePositions)(checkpoint, t.checkpoint) > 0)
            t.checkpoint = checkpoint;
    }
    /** `missedInBatch`: events of the current batch from the failing one on, which it will not apply. */
    park(name, parking, missedInBatch) {
        const t = this.tracked.get(name);
        if (t)
            Object.assign(t, { parked: parking, missed: missedInBatch });
    }
    unpark(name, checkpoint) {
        const t = this.tracked.get(name);
        if (!t?.parked)
            return false;
        this.tracked.set(name, { checkpoint: later(checkpoint, t.checkpoint), missed: 0 });
        return true;
    }
    checkpoint(name) {
        return this.tracked.get(name)?.checkpoint ?? port_1.START;
    }
    parking(name) {
        return this.tracked.get(name)?.parked;
    }
    missed(name) {
        return this.tracked.get(name)?.missed ?? 0;
    }
    /** Events between `name`'s checkpoint and the newest position known (head at start or last received): by
     *  subtraction when positions are event sequence numbers, otherwise the events received and not applied. */
    lag(name, positionsAreSequenceNumbers) {
        if (!positionsAreSequenceNumbers)
            return this.missed(name);
        return Math.max(0, Number(this.newestSeen.commit - this.checkpoint(name).commit));
    }
    get headAtStartKnown() {
        return this.headAtStart !== undefined;
    }
    get caughtUpAtStart() {
        return this.caughtUp;
    }
    /** Where the runner's subscription resumes: the lowest checkpoint of the projections that are not parked
     *  (the highest of all when every one is parked, so lag keeps being counted). */
    resumePosition() {
        const positions = this.names.map((n) => ({ at: this.checkpoint(n), parked: !!this.parking(n) }));
        const running = positions.filter((p) => !p.parked);
        if (running.length === 0)
            return positions.reduce((max, p) => later(p.at, max), port_1.START);
        return running.reduce((min, p) => ((0, port_1.comparePositions)(p.at, min) < 0 ? p.at : min), running[0].at);
    }
    /** Every projection that is not parked has applied the log up to `position`. */
    reached(position) {
        return this.names.every((n) => !!this.parking(n) || (0, port_1.comparePositions)(this.checkpoint(n), position) >= 0);
    }
    waitFor(position, timeoutMs) {
        if (this.reached(position))
            return Promise.resolve(true);
        return new Promise((resolve) => {
            const waiter = {
                position,
                resolve,
                timer: setTimeout(() => {
                    this.waiters.delete(waiter);
                    resolve(false);
                }, timeoutMs),
            };
            this.waiters.add(waiter);
        });
    }
    /** After checkpoints moved or a projection was parked: resolve the waiters whose position is now reached. */
    settle() {
        if (!this.caughtUp && this.headAtStart && this.reached(this.headAtStart))
            this.caughtUp = true;
        for (const w of this.waiters) {
            if (!this.reached(w.position))
                continue;
            clearTimeout(w.timer);
            this.waiters.delete(w);
            w.resolve(true);
        }
    }
    /** The runner stopped: nothing will move any more, so every waiter gets false now. */
    releaseWaiters() {
        for (const w of this.waiters) {
            clearTimeout(w.timer);
            w.resolve(false);
        }
        this.waiters.clear();
    }
}
exports.ProjectionProgress = ProjectionProgress;
//# sourceMappingURL=projection-progress.js.map