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
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;
  /** The last update not drawn (too soon after the previous one); done() draws it. */
  private skipped?: { events: number; fraction?: number };

  constructor(
    private readonly label: string,
    private readonly tty: boolean,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(events: number, fraction?: number): void {
    const t = this.now();
    if (t - this.lastDraw < (this.tty ? 100 : 1000)) {
      this.skipped = { events, fraction };
      return;
    }
    this.draw(t, events, fraction);
  }

  /** Draws the last update if it was skipped, and ends the bar's line (TTY). */
  done(): void {
    if (this.skipped) this.draw(this.now(), this.skipped.events, this.skipped.fraction);
    if (this.tty && this.drawn) this.write('\n');
  }

  private draw(t: number, events: number, fraction?: number): void {
    this.lastDraw = t;
    this.skipped = undefined;
    const sample = { events, fraction, rate: events / Math.max((t - this.started) / 1000, 0.001) };
    if (this.tty) {
      this.write(`\r${renderBar(this.label, sample)}\x1b[K`);
      this.drawn = true;
    } else {
      const percent = fraction === undefined ? '' : ` (${Math.floor(Math.min(1, fraction) * 100)}%)`;
      this.write(`${this.label}: ${events} events${percent}, ${formatRate(sample.rate)}\n`);
    }
  }
}
