"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BuildQueue = void 0;
class BuildQueue {
    limit;
    running = 0;
    done = 0;
    waiting = [];
    constructor(limit) {
        this.limit = limit;
        if (!Number.isInteger(limit) || limit < 1)
            throw new RangeError('A build queue needs a limit of at least 1.');
    }
    async run(job) {
        if (this.running >= this.limit)
            await new Promise((resolve) => this.waiting.push(resolve));
        else
            this.running++;
        try {
            return await job();
        }
        finally {
            this.done++;
            const next = this.waiting.shift();
            if (next)
                next(); // the slot passes to the next job as is
            else
                this.running--;
        }
    }
    status() {
        return { limit: this.limit, running: this.running, queued: this.waiting.length, done: this.done };
    }
}
exports.BuildQueue = BuildQueue;
//# sourceMappingURL=build-queue.js.map