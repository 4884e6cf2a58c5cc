/**
 * console output of one action: each line redacted of the run's secrets, capped in length (the sandbox already
 * cuts a line at the bound before it crosses into the host, and reports its full length), the number of lines
 * capped, and the bytes all actions of the execution log together capped (the budget), with visible markers.
 */
import { cutKeepingMarkers, withoutServiceFrames } from './tenant-view';

export type Redactor = (text: string, cut?: boolean) => string;

/** What all the actions of one execution may log together (executions/execution-budget.ts). */
export interface LogBudget {
  takeLog(bytes: number): boolean;
  logsFullNote(dropped: number): string;
}

/** Where a context's console lines go while a run holds it. */
export interface LogSink {
  add(level: unknown, line: unknown, fullLength?: unknown): void;
}

export class LogCollector implements LogSink {
  private readonly kept: string[] = [];
  private dropped = 0;
  /** Lines dropped because the execution's log budget is spent (from the first such line on, all are). */
  private overBudget = 0;

  constructor(
    private readonly lineMax: number,
    private readonly linesMax: number,
    private readonly redact: Redactor = (t) => t,
    private readonly budget?: LogBudget,
  ) {}

  add(level: unknown, line: unknown, fullLength?: unknown): void {
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
    const text = this.redact(withoutServiceFrames(raw), length > raw.length);
    const prefix = level === 'log' || level === 'info' ? '' : `[${String(level)}] `;
    const kept = cutKeepingMarkers(text, Math.max(0, this.lineMax - prefix.length));
    const cut = length - raw.length + text.length - kept.length;
    const entry = cut > 0 ? `${prefix}${kept}… [truncated ${cut} chars]` : `${prefix}${kept}`;
    if (this.budget && !this.budget.takeLog(Buffer.byteLength(entry, 'utf8'))) {
      this.overBudget = 1;
      return;
    }
    this.kept.push(entry);
  }

  lines(): string[] {
    const out = [...this.kept];
    if (this.dropped > 0) out.push(`… [${this.dropped} more lines dropped]`);
    if (this.overBudget > 0 && this.budget) out.push(this.budget.logsFullNote(this.overBudget));
    return out;
  }
}
