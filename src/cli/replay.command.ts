/**
 * `replay`: the log as history entries (the same entries as the API's history), oldest first: one stream
 * (`--stream action-<id>`), a category (`--category action`), or the whole log; `--from`/`--until` (inclusive) take
 * a log position or an ISO time. JSON lines (default) or `--format table`. Each stream is folded from its start so
 * summaries are right even when printing starts later. Secret values and ciphertexts are never printed.
 */
import { AsOf, parseAsOf, recordedBy } from '../audit/as-of';
import { historyFor, LogHistory } from '../audit/history';
import type { AppConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.factory';
import { comparePositions, readStreamPaged, RecordedEvent, START } from '../event-store/port';
import { streamCategory } from '../event-store/streams';
import { createLogger } from '../shared/logging';
import { HistoryPrinter, parseFormat } from './history-output';

const PAGE = 1000;

function point(flag: string, value: string | undefined): AsOf | undefined {
  if (value === undefined) return undefined;
  try {
    return parseAsOf(value);
  } catch {
    throw new TypeError(`${flag} must be a log position (42 or 42/42) or an ISO-8601 time with a zone, not "${value}"`);
  }
}

/** At or after the point. */
function recordedFrom(from: AsOf | undefined, e: RecordedEvent): boolean {
  if (!from) return true;
  if (from.kind === 'position') return comparePositions(e.position, from.position) >= 0;
  return Date.parse(e.createdAt) >= from.ms;
}

export async function runReplay(
  config: AppConfig,
  o: { stream?: string; category?: string; from?: string; until?: string; format?: string },
): Promise<number> {
  const format = parseFormat(o.format);
  const from = point('--from', o.from);
  const until = point('--until', o.until);
  if (o.stream && o.category) {
    process.stderr.write('replay takes --stream or --category, not both\n');
    return 2;
  }
  const store = createEventStore(config, createLogger('warn'));
  const printer = new HistoryPrinter(format, !o.stream);
  try {
    if (o.stream) {
      const history = historyFor(o.stream);
      for await (const e of readStreamPaged(store, o.stream)) {
        if (!recordedBy(until, e)) break;
        const entry = history.next(e);
        if (recordedFrom(from, e)) printer.print(entry);
      }
      if (printer.count === 0) process.stderr.write(`Stream "${o.stream}" has no events in that range.\n`);
      return 0;
    }
    const history = new LogHistory();
    let after = START;
    for (;;) {
      const page = await store.readAll({ after, maxCount: PAGE });
      for (const e of page) {
        if (!recordedBy(until, e)) return 0;
        if (o.category && streamCategory(e.stream) !== o.category) continue;
        const entry = history.next(e);
        if (recordedFrom(from, e)) printer.print(entry);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].position;
    }
    if (printer.count === 0)
      process.stderr.write(`No events${o.category ? ` in category "${o.category}"` : ''} in that range.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
