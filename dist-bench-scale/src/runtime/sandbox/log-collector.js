"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LogCollector = void 0;
/**
 * console output of one action: each line capped in length (the sandbox already cuts a line at the bound before
 * it crosses into the host, and reports its full length), the number of lines capped, with visible markers.
 */
class LogCollector {
    lineMax;
    linesMax;
    kept = [];
    dropped = 0;
    constructor(lineMax, linesMax) {
        this.lineMax = lineMax;
        this.linesMax = linesMax;
    }
    add(level, line, fullLength) {
        if (this.kept.length >= this.linesMax) {
            this.dropped++;
            return;
        }
        const text = String(line);
        const length = typeof fullLength === 'number' && fullLength > text.length ? fullLength : text.length;
        const prefix = level === 'log' || level === 'info' ? '' : `[${String(level)}] `;
        const kept = text.slice(0, Math.max(0, this.lineMax - prefix.length));
        const cut = length - kept.length;
        this.kept.push(cut > 0 ? `${prefix}${kept}… [truncated ${cut} chars]` : `${prefix}${kept}`);
    }
    lines() {
        return this.dropped > 0 ? [...this.kept, `… [${this.dropped} more lines dropped]`] : [...this.kept];
    }
}
exports.LogCollector = LogCollector;
//# sourceMappingURL=log-collector.js.map