/**
 * Progress of a long CLI job (rebuild). On a TTY: one bar redrawn in place with events/s; otherwise plain lines
 * (for logs and pipes), at most one per second.
 */
export interface ProgressSample {
  /** Events done so far. */
  events: number;
  /** Fraction of the log covered (0…1), when known. */
  fraction?: number;
  /** Events per second so far. */
  rate: number;
}

const BAR_WIDTH = 30;

export function formatRate(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US')} events/s`;
}

/** `[##########--------------------]  33%  12,000 events  48,000 events/s` */
export function renderBar(label: string, s: ProgressSample): string {
  const fraction = Math.max(0, Math.min(1, s.fraction ?? 0));
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = s.fraction === undefined ? '  ?%' : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${s.events.toLocaleString('en-US')} events  ${formatRate(s.rate)}`;
}

export class ProgressReporter {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly label: string, private readonly tty: boolean, private readonly write: (s: string) => void, private readonly now: () => number = Date.now) {}

  update(events: number, fraction?: number): void {
    const t = this.now();
    const interval = this.tty ? 100 : 1000;
    if (t - this.lastDraw < interval) return;
    this.lastDraw = t;
    const sample = { events, fraction, rate: events / Math.max((t - this.started) / 1000, 0.001) };
    if (this.tty) {
      this.write(`\r${renderBar(this.label, sample)}\x1b[K`);
      this.drawn = true;
    } else {
      const percent = fraction === undefined ? '' : ` (${Math.floor(Math.min(1, fraction) * 100)}%)`;
      this.write(`${this.label}: ${events} events${percent}, ${formatRate(sample.rate)}\n`);
    }
  }

  /** Ends the bar's line (TTY). */
  done(): void {
    if (this.tty && this.drawn) this.write('\n');
  }
}
