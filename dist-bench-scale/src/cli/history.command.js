"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runHistory = runHistory;
/**
 * `history <action id>`: the action's history as the API shows it (GET /actions/{id}/history), oldest first, for any
 * tenant (the operator's view). `history --trigger <id> [--tenant <id>]`: a trigger's bindings history.
 */
const audit_reader_1 = require("../audit/audit-reader");
const event_store_factory_1 = require("../event-store/event-store.factory");
const logging_1 = require("../shared/logging");
const history_output_1 = require("./history-output");
async function runHistory(config, actionId, o) {
    const format = (0, history_output_1.parseFormat)(o.format);
    if (!actionId && !o.trigger) {
        process.stderr.write('history needs an action id (history <action id>) or --trigger <trigger id> [--tenant <id>]\n');
        return 2;
    }
    const store = (0, event_store_factory_1.createEventStore)(config, (0, logging_1.createLogger)('warn'));
    try {
        const reader = new audit_reader_1.AuditReader(store);
        const printer = new history_output_1.HistoryPrinter(format, false);
        if (o.trigger) {
            const entries = await reader.bindingsHistory(o.tenant ?? 'default', o.trigger);
            for (const e of entries)
                printer.print(e);
            if (entries.length === 0)
                process.stderr.write(`Trigger "${o.trigger}" of tenant "${o.tenant ?? 'default'}" has no bindings history.\n`);
            return 0;
        }
        const found = await reader.actionHistory(actionId);
        if (!found) {
            process.stderr.write(`Action "${actionId}" has no events.\n`);
            return 1;
        }
        for (const e of found.entries)
            printer.print(e);
        return 0;
    }
    finally {
        await store.close();
    }
}
//# sourceMappingURL=history.command.js.map