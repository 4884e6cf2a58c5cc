"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProgressReporter = void 0;
exports.formatRate = formatRate;
exports.renderBar = renderBar;
const BAR_WIDTH = 30;
function formatRate(rate) {
    return `${Math.round(rate).toLocaleString('en-US')} events/s`;
}
/** `[##########--------------------]  33%  12,000 events  48,000 events/s` */
function renderBar(label, s) {
    const fraction = Math.max(0, Math.min(1, s.fraction ?? 0));
    const filled = Math.round(fraction * BAR_WIDTH);
    const percent = s.fraction === undefined ? '  ?%' : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${s.events.toLocaleString('en-US')} events  ${formatRate(s.rate)}`;
}
class ProgressReporter {
    label;
    tty;
    write;
    now;
    started;
    lastDraw = -Infinity;
    drawn = false;
    /** The last update not drawn (too soon after the previous one); done() draws it. */
    skipped;
    constructor(label, tty, write, now = Date.now) {
        this.label = label;
        this.tty = tty;
        this.write = write;
        this.now = now;
        this.started = now();
    }
    update(events, fraction) {
        const t = this.now();
        if (t - this.lastDraw < (this.tty ? 100 : 1000)) {
            this.skipped = { events, fraction };
            return;
        }
        this.draw(t, events, fraction);
    }
    /** Draws the last update if it was skipped, and ends the bar's line (TTY). */
    done() {
        if (this.skipped)
            this.draw(this.now(), this.skipped.events, this.skipped.fraction);
        if (this.tty && this.drawn)
            this.write('\n');
    }
    draw(t, events, fraction) {
        this.lastDraw = t;
        this.skipped = undefined;
        const sample = { events, fraction, rate: events / Math.max((t - this.started) / 1000, 0.001) };
        if (this.tty) {
            this.write(`\r${renderBar(this.label, sample)}\x1b[K`);
            this.drawn = true;
        }
        else {
            const percent = fraction === undefined ? '' : ` (${Math.floor(Math.min(1, fraction) * 100)}%)`;
            this.write(`${this.label}: ${events} events${percent}, ${formatRate(sample.rate)}\n`);
        }
    }
}
exports.ProgressReporter = ProgressReporter;
//# sourceMappingURL=progress.js.map