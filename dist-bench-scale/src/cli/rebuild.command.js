"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runRebuild = runRebuild;
exports.runStatus = runStatus;
const event_store_factory_1 = require("../event-store/event-store.factory");
const port_1 = require("../event-store/port");
const projections_module_1 = require("../projections/projections.module");
const read_store_1 = require("../projections/read-store");
const rebuild_1 = require("../projections/rebuild");
const logging_1 = require("../shared/logging");
const progress_1 = require("./progress");
/** How far `position` is through the log up to `head` (exact on the embedded store, approximate on EventStoreDB). */
function fractionOf(position, head) {
    if (head.commit <= 0n)
        return undefined;
    return Number(position.commit < 0n ? 0n : position.commit) / Number(head.commit);
}
async function runRebuild(config, o, tty = process.stderr.isTTY === true) {
    const selected = o.projection ? projections_module_1.ALL_PROJECTIONS.filter((p) => p.name === o.projection) : projections_module_1.ALL_PROJECTIONS;
    if (selected.length === 0) {
        process.stderr.write(`Unknown projection "${o.projection}"; known: ${projections_module_1.ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`);
        return 2;
    }
    const store = (0, event_store_factory_1.createEventStore)(config, (0, logging_1.createLogger)('warn'));
    const readStore = read_store_1.ReadStore.inDataDir(config.dataDir);
    try {
        for (const p of selected) {
            const started = Date.now();
            const head = await store.headPosition();
            const progress = new progress_1.ProgressReporter(`rebuilding ${p.name}`, tty, (s) => process.stderr.write(s));
            const { events } = await (0, rebuild_1.rebuildProjection)(store, readStore, p, {
                owner: `cli-${process.pid}`,
                onProgress: (n, position) => progress.update(n, fractionOf(position, head)),
            });
            progress.done();
            const seconds = (Date.now() - started) / 1000;
            process.stdout.write(`rebuilt ${p.name}@${p.version}: ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)\n`);
        }
        return 0;
    }
    finally {
        readStore.close();
        await store.close();
    }
}
const LAG_COUNT_LIMIT = 100_000;
/** Events in the log after `checkpoint`, counted through the port (so on both stores), up to a limit. */
async function eventsAfter(store, checkpoint) {
    let n = 0;
    let after = checkpoint;
    for (;;) {
        const page = await store.readAll({ after, maxCount: 1000 });
        n += page.length;
        if (page.length < 1000)
            return String(n);
        if (n >= LAG_COUNT_LIMIT)
            return `≥${n}`;
        after = page[page.length - 1].position;
    }
}
async function runStatus(config) {
    const store = (0, event_store_factory_1.createEventStore)(config, (0, logging_1.createLogger)('warn'));
    const readStore = read_store_1.ReadStore.inDataDir(config.dataDir);
    try {
        const head = await store.headPosition();
        const where = store.kind === 'sqlite' ? `embedded (${config.dataDir})` : 'EventStoreDB';
        process.stdout.write(`event store: ${where}; head of the log: ${(0, port_1.positionToString)(head)}\n`);
        const checkpoints = new Map(readStore.checkpoints().map((cp) => [cp.name, cp]));
        for (const p of projections_module_1.ALL_PROJECTIONS) {
            const cp = checkpoints.get(p.name);
            if (!cp) {
                process.stdout.write(`projection ${p.name}@${p.version}: not started (no checkpoint yet)\n`);
                continue;
            }
            const lag = (0, port_1.comparePositions)(cp.position, head) >= 0 ? '0' : await eventsAfter(store, cp.position);
            const version = cp.version === p.version ? '' : ` (stored version ${cp.version}: rebuilt at the next start)`;
            const parked = cp.status === 'parked' ? ` PARKED at ${cp.parkedAt ? (0, port_1.positionToString)(cp.parkedAt) : '?'}: ${cp.parkedError ?? 'no reason recorded'}` : '';
            process.stdout.write(`projection ${p.name}@${p.version}: position ${(0, port_1.positionToString)(cp.position)}, lag ${lag} event(s), ${cp.status}${parked}${version}\n`);
            checkpoints.delete(p.name);
        }
        for (const cp of checkpoints.values()) {
            process.stdout.write(`projection ${cp.name}@${cp.version}: position ${(0, port_1.positionToString)(cp.position)}, ${cp.status} (not a projection of this version of the service)\n`);
        }
        if (readStore.tableExists('pending_builds')) {
            const pending = readStore.get('SELECT COUNT(*) AS n, MIN(since_commit) AS oldest FROM pending_builds');
            const oldest = pending?.n ? ` (oldest pending since position ${pending.oldest})` : '';
            process.stdout.write(`builds: ${pending?.n ?? 0} draft(s) pending${oldest}; a running service builds ${config.build.concurrency} at a time (its /metrics has builds_queued, builds_running, build_duration_seconds)\n`);
        }
        return 0;
    }
    finally {
        readStore.close();
        await store.close();
    }
}
//# sourceMappingURL=rebuild.command.js.map