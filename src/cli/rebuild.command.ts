/**
 * `rebuild`: rebuilds read models from position 0 into fresh tables and swaps them in; safe while the service runs
 * (the swap is one transaction and the running service's projections skip what the rebuild applied).
 * `status`: every projection's checkpoint and state, and the drafts waiting for the build reactor.
 */
import type { AppConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.factory';
import { ALL_PROJECTIONS } from '../projections/projections.module';
import { ReadStore } from '../projections/read-store';
import { rebuildProjection } from '../projections/rebuild';
import { createLogger } from '../shared/logging';

export async function runRebuild(config: AppConfig, o: { projection?: string }): Promise<number> {
  const selected = o.projection ? ALL_PROJECTIONS.filter((p) => p.name === o.projection) : ALL_PROJECTIONS;
  if (selected.length === 0) {
    process.stderr.write(`Unknown projection "${o.projection}"; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const store = createEventStore(config, createLogger('warn'));
  const readStore = ReadStore.inDataDir(config.dataDir);
  try {
    for (const p of selected) {
      const started = Date.now();
      let last = 0;
      const { events } = await rebuildProjection(store, readStore, p, {
        owner: `cli-${process.pid}`,
        onProgress: (n, position) => {
          if (n - last >= 10_000) {
            process.stderr.write(`  ${p.name}: ${n} events (position ${position.commit})\n`);
            last = n;
          }
        },
      });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`rebuilt ${p.name}@${p.version}: ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)\n`);
    }
    return 0;
  } finally {
    readStore.close();
    await store.close();
  }
}

export async function runStatus(config: AppConfig): Promise<number> {
  const store = createEventStore(config, createLogger('warn'));
  const readStore = ReadStore.inDataDir(config.dataDir);
  try {
    const head = await store.headPosition();
    process.stdout.write(`head of the log: ${head.commit}\n`);
    for (const cp of readStore.checkpoints()) {
      const parked = cp.status === 'parked' ? ` PARKED at ${cp.parkedAt?.commit}: ${cp.parkedError}` : '';
      process.stdout.write(`${cp.name}@${cp.version}  checkpoint ${cp.position.commit}  ${cp.status}${parked}\n`);
    }
    if (readStore.tableExists('pending_builds')) {
      const pending = readStore.get<{ n: number; oldest: number | null }>('SELECT COUNT(*) AS n, MIN(since_commit) AS oldest FROM pending_builds');
      const oldest = pending?.n ? ` (oldest pending since position ${pending.oldest})` : '';
      process.stdout.write(`builds: ${pending?.n ?? 0} draft(s) pending${oldest}; a running service builds ${config.builds.concurrency} at a time (its /metrics has builds_queued, builds_running, build_duration_seconds)\n`);
    }
    return 0;
  } finally {
    readStore.close();
    await store.close();
  }
}
