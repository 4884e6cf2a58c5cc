/**
 * console output of one action: each line capped in length (the sandbox already cuts a line at the bound before
 * it crosses into the host, and reports its full length), the number of lines capped, with visible markers.
 */
export class LogCollector {
  private readonly kept: string[] = [];
  private dropped = 0;

  constructor(private readonly lineMax: number, private readonly linesMax: number) {}

  add(level: unknown, line: unknown, fullLength?: unknown): void {
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

  lines(): string[] {
    return this.dropped > 0 ? [...this.kept, `… [${this.dropped} more lines dropped]`] : [...this.kept];
  }
}
