/**
 * `rebuild`: rebuilds read models from position 0 into fresh tables and swaps them in; safe while the service runs
 * (the swap is one transaction and the running service's projections skip what the rebuild applied). Progress on
 * stderr: a bar with events/s on a TTY, plain lines otherwise.
 * `status`: the event store and its head, every projection's position, lag and state (parked ones with their
 * reason), and the drafts waiting for the build reactor.
 */
import type { AppConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.factory';
import { comparePositions, EventStore, Position, positionToString } from '../event-store/port';
import { ALL_PROJECTIONS } from '../projections/all-projections';
import { ReadStore } from '../projections/read-store';
import { rebuildProjection } from '../projections/rebuild';
import { createLogger } from '../shared/logging';
import { ProgressReporter } from './progress';

/** How far `position` is through the log up to `head` (exact on the embedded store, approximate on EventStoreDB). */
function fractionOf(position: Position, head: Position): number | undefined {
  if (head.commit <= 0n) return undefined;
  return Number(position.commit < 0n ? 0n : position.commit) / Number(head.commit);
}

export async function runRebuild(
  config: AppConfig,
  o: { projection?: string },
  tty = process.stderr.isTTY === true,
): Promise<number> {
  const selected = o.projection ? ALL_PROJECTIONS.filter((p) => p.name === o.projection) : ALL_PROJECTIONS;
  if (selected.length === 0) {
    process.stderr.write(
      `Unknown projection "${o.projection}"; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`,
    );
    return 2;
  }
  const store = createEventStore(config, createLogger('warn'));
  const readStore = ReadStore.inDataDir(config.dataDir);
  try {
    for (const p of selected) {
      const started = Date.now();
      const head = await store.headPosition();
      const progress = new ProgressReporter(`rebuilding ${p.name}`, tty, (s) => process.stderr.write(s));
      const { events } = await rebuildProjection(store, readStore, p, {
        owner: `cli-${process.pid}`,
        onProgress: (n, position) => progress.update(n, fractionOf(position, head)),
      });
      progress.done();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `rebuilt ${p.name}@${p.version}: ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)\n`,
      );
    }
    return 0;
  } finally {
    readStore.close();
    await store.close();
  }
}

const LAG_COUNT_LIMIT = 100_000;

/** Events in the log after `checkpoint`, counted through the port (so on both stores), up to a limit. */
async function eventsAfter(store: EventStore, checkpoint: Position): Promise<string> {
  let n = 0;
  let after = checkpoint;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    n += page.length;
    if (page.length < 1000) return String(n);
    if (n >= LAG_COUNT_LIMIT) return `≥${n}`;
    after = page[page.length - 1].position;
  }
}

export async function runStatus(config: AppConfig): Promise<number> {
  const store = createEventStore(config, createLogger('warn'));
  const readStore = ReadStore.inDataDir(config.dataDir);
  try {
    const head = await store.headPosition();
    const where = store.kind === 'sqlite' ? `embedded (${config.dataDir})` : 'EventStoreDB';
    process.stdout.write(`event store: ${where}; head of the log: ${positionToString(head)}\n`);
    const checkpoints = new Map(readStore.checkpoints().map((cp) => [cp.name, cp]));
    for (const p of ALL_PROJECTIONS) {
      const cp = checkpoints.get(p.name);
      if (!cp) {
        process.stdout.write(`projection ${p.name}@${p.version}: not started (no checkpoint yet)\n`);
        continue;
      }
      const lag = comparePositions(cp.position, head) >= 0 ? '0' : await eventsAfter(store, cp.position);
      const version = cp.version === p.version ? '' : ` (stored version ${cp.version}: rebuilt at the next start)`;
      const parked =
        cp.status === 'parked'
          ? ` PARKED at ${cp.parkedAt ? positionToString(cp.parkedAt) : '?'}: ${cp.parkedError ?? 'no reason recorded'}`
          : '';
      process.stdout.write(
        `projection ${p.name}@${p.version}: position ${positionToString(cp.position)}, lag ${lag} event(s), ${cp.status}${parked}${version}\n`,
      );
      checkpoints.delete(p.name);
    }
    for (const cp of checkpoints.values()) {
      process.stdout.write(
        `projection ${cp.name}@${cp.version}: position ${positionToString(cp.position)}, ${cp.status} (not a projection of this version of the service)\n`,
      );
    }
    if (readStore.tableExists('pending_builds')) {
      const pending = readStore.get<{ n: number; oldest: number | null }>(
        'SELECT COUNT(*) AS n, MIN(since_commit) AS oldest FROM pending_builds',
      );
      const oldest = pending?.n ? ` (oldest pending since position ${pending.oldest})` : '';
      process.stdout.write(
        `builds: ${pending?.n ?? 0} draft(s) pending${oldest}; a running service builds ${config.build.concurrency} at a time (its /metrics has builds_queued, builds_running, build_duration_seconds)\n`,
      );
    }
    return 0;
  } finally {
    readStore.close();
    await store.close();
  }
}
