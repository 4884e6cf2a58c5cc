"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_RECORD_MAX_BYTES = void 0;
exports.fitExecution = fitExecution;
exports.DEFAULT_RECORD_MAX_BYTES = 2 * 1024 * 1024;
const TRIMMED = (max) => `[omitted: the execution record reached its size limit of ${max} bytes (EXECUTION_RECORD_MAX_BYTES)]`;
const ERROR_TEXT_KEPT = 256;
const steps = [
    (e, max) => withRecord(e, { logs: e.record.logs.map((l) => ({ action_name: l.action_name, lines: [TRIMMED(max)] })) }),
    (e, max) => withRecord(e, { commands: e.record.commands.map((c) => ({ ...c, args: [TRIMMED(max)] })) }),
    (e) => withRecord(e, {
        results: e.record.results.map((r) => ({
            ...r,
            ...(r.error ? { error: { ...r.error, msg: cut(r.error.msg) } } : {}),
            ...(r.response ? { response: { ...r.response, ...(r.response.error ? { error: { name: cut(r.response.error.name), message: cut(r.response.error.message) } } : {}) } } : {}),
        })),
    }),
    (e, max) => {
        const { continuation: _dropped, ...rest } = e;
        const note = { action_name: '', lines: [`${TRIMMED(max)}; this execution can no longer be continued`] };
        return withRecord(rest, { logs: [...rest.record.logs, note], ...(rest.record.redirect ? { redirect: { url: cut(rest.record.redirect.url), state: rest.record.redirect.state } } : {}) });
    },
];
/** The JSON of the stored execution, trimmed as far as needed to be at most `maxBytes` long. */
function fitExecution(execution, maxBytes) {
    let current = execution;
    let json = JSON.stringify(current);
    for (const step of steps) {
        if (Buffer.byteLength(json, 'utf8') <= maxBytes)
            return json;
        current = step(current, maxBytes);
        json = JSON.stringify(current);
    }
    if (Buffer.byteLength(json, 'utf8') <= maxBytes)
        return json;
    // Only reachable with a bound smaller than a bare record: keep what identifies the execution.
    const { id, trigger_id, status, created_at, updated_at } = current.record;
    return JSON.stringify({ tenantId: current.tenantId, record: { id, trigger_id, status, results: [], commands: [], logs: [{ action_name: '', lines: [TRIMMED(maxBytes)] }], created_at, updated_at } });
}
function withRecord(e, changes) {
    return { ...e, record: { ...e.record, ...changes } };
}
function cut(text) {
    return text.length > ERROR_TEXT_KEPT ? `${text.slice(0, ERROR_TEXT_KEPT)}… [truncated ${text.length - ERROR_TEXT_KEPT} chars]` : text;
}
//# sourceMappingURL=record-size.js.map