/**
 * `history <action id>`: the action's history as the API shows it (GET /actions/{id}/history), oldest first, for any
 * tenant (the operator's view). `history --trigger <id> [--tenant <id>]`: a trigger's bindings history.
 */
import { AuditReader } from '../audit/audit-reader';
import type { AppConfig } from '../config/config';
import { createEventStore } from '../event-store/event-store.factory';
import { createLogger } from '../shared/logging';
import { HistoryPrinter, parseFormat } from './history-output';

export async function runHistory(
  config: AppConfig,
  actionId: string | undefined,
  o: { format?: string; trigger?: string; tenant?: string },
): Promise<number> {
  const format = parseFormat(o.format);
  if (!actionId && !o.trigger) {
    process.stderr.write(
      'history needs an action id (history <action id>) or --trigger <trigger id> [--tenant <id>]\n',
    );
    return 2;
  }
  const store = createEventStore(config, createLogger('warn'));
  try {
    const reader = new AuditReader(store);
    const printer = new HistoryPrinter(format, false);
    if (o.trigger) {
      const entries = await reader.bindingsHistory(o.tenant ?? 'default', o.trigger);
      for (const e of entries) printer.print(e);
      if (entries.length === 0)
        process.stderr.write(`Trigger "${o.trigger}" of tenant "${o.tenant ?? 'default'}" has no bindings history.\n`);
      return 0;
    }
    const found = await reader.actionHistory(actionId!);
    if (!found) {
      process.stderr.write(`Action "${actionId}" has no events.\n`);
      return 1;
    }
    for (const e of found.entries) printer.print(e);
    return 0;
  } finally {
    await store.close();
  }
}
