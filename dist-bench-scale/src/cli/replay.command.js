"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runReplay = runReplay;
/**
 * `replay`: the log as history entries (the same entries as the API's history), oldest first: one stream
 * (`--stream action-<id>`), a category (`--category action`), or the whole log; `--from`/`--until` (inclusive) take
 * a log position or an ISO time. JSON lines (default) or `--format table`. Each stream is folded from its start so
 * summaries are right even when printing starts later. Secret values and ciphertexts are never printed.
 */
const as_of_1 = require("../audit/as-of");
const history_1 = require("../audit/history");
const event_store_factory_1 = require("../event-store/event-store.factory");
const port_1 = require("../event-store/port");
const streams_1 = require("../event-store/streams");
const logging_1 = require("../shared/logging");
const history_output_1 = require("./history-output");
const PAGE = 1000;
function point(flag, value) {
    if (value === undefined)
        return undefined;
    try {
        return (0, as_of_1.parseAsOf)(value);
    }
    catch {
        throw new TypeError(`${flag} must be a log position (42 or 42/42) or an ISO-8601 time with a zone, not "${value}"`);
    }
}
/** At or after the point. */
function recordedFrom(from, e) {
    if (!from)
        return true;
    if (from.kind === 'position')
        return (0, port_1.comparePositions)(e.position, from.position) >= 0;
    return Date.parse(e.createdAt) >= from.ms;
}
async function runReplay(config, o) {
    const format = (0, history_output_1.parseFormat)(o.format);
    const from = point('--from', o.from);
    const until = point('--until', o.until);
    if (o.stream && o.category) {
        process.stderr.write('replay takes --stream or --category, not both\n');
        return 2;
    }
    const store = (0, event_store_factory_1.createEventStore)(config, (0, logging_1.createLogger)('warn'));
    const printer = new history_output_1.HistoryPrinter(format, !o.stream);
    try {
        if (o.stream) {
            const history = (0, history_1.historyFor)(o.stream);
            for await (const e of (0, port_1.readStreamPaged)(store, o.stream)) {
                if (!(0, as_of_1.recordedBy)(until, e))
                    break;
                const entry = history.next(e);
                if (recordedFrom(from, e))
                    printer.print(entry);
            }
            if (printer.count === 0)
                process.stderr.write(`Stream "${o.stream}" has no events in that range.\n`);
            return 0;
        }
        const history = new history_1.LogHistory();
        let after = port_1.START;
        for (;;) {
            const page = await store.readAll({ after, maxCount: PAGE });
            for (const e of page) {
                if (!(0, as_of_1.recordedBy)(until, e))
                    return 0;
                if (o.category && (0, streams_1.streamCategory)(e.stream) !== o.category)
                    continue;
                const entry = history.next(e);
                if (recordedFrom(from, e))
                    printer.print(entry);
            }
            if (page.length < PAGE)
                break;
            after = page[page.length - 1].position;
        }
        if (printer.count === 0)
            process.stderr.write(`No events${o.category ? ` in category "${o.category}"` : ''} in that range.\n`);
        return 0;
    }
    finally {
        await store.close();
    }
}
//# sourceMappingURL=replay.command.js.map