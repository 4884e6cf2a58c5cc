/** console output of one action: each line capped in length, the number of lines capped, with visible markers. */
export class LogCollector {
  private readonly kept: string[] = [];
  private dropped = 0;

  constructor(private readonly lineMax: number, private readonly linesMax: number) {}

  add(level: string, line: string): void {
    if (this.kept.length >= this.linesMax) {
      this.dropped++;
      return;
    }
    const text = level === 'log' || level === 'info' ? line : `[${level}] ${line}`;
    this.kept.push(text.length > this.lineMax ? `${text.slice(0, this.lineMax)}… [truncated ${text.length - this.lineMax} chars]` : text);
  }

  lines(): string[] {
    return this.dropped > 0 ? [...this.kept, `… [${this.dropped} more lines dropped]`] : [...this.kept];
  }
}
