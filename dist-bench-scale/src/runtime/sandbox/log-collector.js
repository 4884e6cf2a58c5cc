"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LogCollector = void 0;
/**
 * console output of one action: each line redacted of the run's secrets, capped in length (the sandbox already
 * cuts a line at the bound before it crosses into the host, and reports its full length), the number of lines
 * capped, and the bytes all actions of the execution log together capped (the budget), with visible markers.
 */
const tenant_view_1 = require("./tenant-view");
class LogCollector {
    lineMax;
    linesMax;
    redact;
    budget;
    kept = [];
    dropped = 0;
    /** Lines dropped because the execution's log budget is spent (from the first such line on, all are). */
    overBudget = 0;
    constructor(lineMax, linesMax, redact = (t) => t, budget) {
        this.lineMax = lineMax;
        this.linesMax = linesMax;
        this.redact = redact;
        this.budget = budget;
    }
    add(level, line, fullLength) {
        if (this.overBudget > 0) {
            this.overBudget++;
            return;
        }
        if (this.kept.length >= this.linesMax) {
            this.dropped++;
            return;
        }
        const raw = String(line);
        const length = typeof fullLength === 'number' && fullLength > raw.length ? fullLength : raw.length;
        // redact first, knowing whether the isolate cut the line (a secret may straddle the cut)
        const text = this.redact((0, tenant_view_1.withoutServiceFrames)(raw), length > raw.length);
        const prefix = level === 'log' || level === 'info' ? '' : `[${String(level)}] `;
        const kept = (0, tenant_view_1.cutKeepingMarkers)(text, Math.max(0, this.lineMax - prefix.length));
        const cut = length - raw.length + text.length - kept.length;
        const entry = cut > 0 ? `${prefix}${kept}… [truncated ${cut} chars]` : `${prefix}${kept}`;
        if (this.budget && !this.budget.takeLog(Buffer.byteLength(entry, 'utf8'))) {
            this.overBudget = 1;
            return;
        }
        this.kept.push(entry);
    }
    lines() {
        const out = [...this.kept];
        if (this.dropped > 0)
            out.push(`… [${this.dropped} more lines dropped]`);
        if (this.overBudget > 0 && this.budget)
            out.push(this.budget.logsFullNote(this.overBudget));
        return out;
    }
}
exports.LogCollector = LogCollector;
//# sourceMappingURL=log-collector.js.map