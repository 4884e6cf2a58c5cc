/**
 * What one execution may produce in total, across all its actions (docs/security.md, "Sandbox"): the JSON size
 * of the arguments of the api commands it records (EXECUTION_COMMANDS_MAX_BYTES) and the size of its log lines
 * (EXECUTION_LOGS_MAX_BYTES). A command past the bound is refused (the call throws a TypeError naming the limit,
 * and the execution's record says so in the action's logs); log lines past it are dropped and counted.
 * A resumed execution starts from what its first part already used.
 */
import type { ExecutionRecord } from './execution-record';

export interface ExecutionBounds {
  commandsMaxBytes: number;
  logsMaxBytes: number;
}

export class ExecutionBudget {
  private commandBytes = 0;
  private logBytes = 0;

  constructor(readonly bounds: ExecutionBounds) {}

  /** A budget that counts what the record already holds (an execution resumed after a redirect). */
  static resuming(bounds: ExecutionBounds, record: ExecutionRecord): ExecutionBudget {
    const budget = new ExecutionBudget(bounds);
    for (const c of record.commands) budget.commandBytes += jsonBytes(c.args);
    for (const l of record.logs) for (const line of l.lines) budget.logBytes += Buffer.byteLength(line, 'utf8');
    return budget;
  }

  /** Why a command with arguments of this JSON size cannot be recorded, or undefined (and the size is counted). */
  takeCommand(path: string, bytes: number): string | undefined {
    if (this.commandBytes + bytes > this.bounds.commandsMaxBytes) {
      return (
        `api.${path}: the arguments of this execution's api calls may total at most ${this.bounds.commandsMaxBytes} bytes ` +
        `(EXECUTION_COMMANDS_MAX_BYTES); this call's are ${bytes} bytes and ${this.commandBytes} are already used`
      );
    }
    this.commandBytes += bytes;
    return undefined;
  }

  /** Bytes of command arguments still allowed. */
  commandBytesLeft(): number {
    return Math.max(0, this.bounds.commandsMaxBytes - this.commandBytes);
  }

  /** Whether a log line of this size still fits (it is counted when it does). */
  takeLog(bytes: number): boolean {
    if (this.logBytes + bytes > this.bounds.logsMaxBytes) return false;
    this.logBytes += bytes;
    return true;
  }

  /** The marker for log lines dropped because the execution's logs are full. */
  logsFullNote(dropped: number): string {
    return `… [${dropped} more lines dropped: this execution's logs reached ${this.bounds.logsMaxBytes} bytes (EXECUTION_LOGS_MAX_BYTES)]`;
  }
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
