/** `replay`: prints one stream's events, oldest first, as JSON lines, for audit. Secret values stay encrypted. */
import type { AppConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.factory';
import { comparePositions, positionFromString, readStreamPaged } from '../event-store/port';
import { createLogger } from '../shared/logging';

export async function runReplay(config: AppConfig, o: { stream?: string; until?: string }): Promise<number> {
  if (!o.stream) {
    process.stderr.write('replay needs --stream <name>, e.g. --stream action-<id>\n');
    return 2;
  }
  const until = o.until === undefined ? undefined : /^\d+$/.test(o.until) ? { commit: BigInt(o.until), prepare: BigInt(o.until) } : positionFromString(o.until);
  const store = createEventStore(config, createLogger('warn'));
  try {
    let count = 0;
    for await (const e of readStreamPaged(store, o.stream)) {
      if (until && comparePositions(e.position, until) > 0) break;
      const line = {
        revision: e.revision.toString(), position: `${e.position.commit}/${e.position.prepare}`, createdAt: e.createdAt,
        type: e.type, id: e.id, data: e.data, metadata: e.metadata,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      count++;
    }
    if (count === 0) process.stderr.write(`Stream "${o.stream}" has no events.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
