/**
 * console output of one action: each line redacted of the run's secrets, capped in length (the sandbox already
 * cuts a line at the bound before it crosses into the host, and reports its full length), the number of lines
 * capped, with visible markers.
 */
import { cutKeepingMarkers } from './tenant-view';

export type Redactor = (text: string, cut?: boolean) => string;

export class LogCollector {
  private readonly kept: string[] = [];
  private dropped = 0;

  constructor(private readonly lineMax: number, private readonly linesMax: number, private readonly redact: Redactor = (t) => t) {}

  add(level: unknown, line: unknown, fullLength?: unknown): void {
    if (this.kept.length >= this.linesMax) {
      this.dropped++;
      return;
    }
    const raw = String(line);
    const length = typeof fullLength === 'number' && fullLength > raw.length ? fullLength : raw.length;
    // redact first, knowing whether the isolate cut the line (a secret may straddle the cut)
    const text = this.redact(raw, length > raw.length);
    const prefix = level === 'log' || level === 'info' ? '' : `[${String(level)}] `;
    const kept = cutKeepingMarkers(text, Math.max(0, this.lineMax - prefix.length));
    const cut = length - raw.length + text.length - kept.length;
    this.kept.push(cut > 0 ? `${prefix}${kept}… [truncated ${cut} chars]` : `${prefix}${kept}`);
  }

  lines(): string[] {
    return this.dropped > 0 ? [...this.kept, `… [${this.dropped} more lines dropped]`] : [...this.kept];
  }
}
