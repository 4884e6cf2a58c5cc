/** How the CLI prints history entries: JSON lines (one entry per line, as the API answers them) or a table. */
import type { HistoryEntry } from '../audit/history';

export type OutputFormat = 'json' | 'table';

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'json' || value === 'table') return value ?? 'json';
  throw new TypeError(`--format must be json or table, not "${value}"`);
}

const COLUMNS: { title: string; width: number; cell: (e: HistoryEntry) => string; stream?: true }[] = [
  { title: 'POSITION', width: 12, cell: (e) => e.position },
  { title: 'TIME', width: 24, cell: (e) => e.time },
  { title: 'STREAM', width: 44, cell: (e) => e.stream, stream: true },
  { title: 'REV', width: 4, cell: (e) => String(e.revision) },
  { title: 'TYPE', width: 23, cell: (e) => e.type },
  { title: 'ACTOR', width: 22, cell: (e) => e.actor },
  { title: 'REQUEST', width: 36, cell: (e) => e.correlation_id },
  { title: 'SUMMARY', width: 0, cell: (e) => e.summary },
];

/** Writes entries one by one (a replay of the whole log is never held in memory). */
export class HistoryPrinter {
  private headed = false;
  count = 0;

  constructor(
    private readonly format: OutputFormat,
    private readonly withStream: boolean,
    private readonly out: (s: string) => void = (s) => process.stdout.write(s),
  ) {}

  print(e: HistoryEntry): void {
    this.count++;
    if (this.format === 'json') {
      this.out(`${JSON.stringify(e)}\n`);
      return;
    }
    const columns = COLUMNS.filter((c) => this.withStream || !c.stream);
    if (!this.headed) {
      this.out(
        `${columns
          .map((c) => pad(c.title, c.width))
          .join('  ')
          .trimEnd()}\n`,
      );
      this.headed = true;
    }
    this.out(
      `${columns
        .map((c) => pad(c.cell(e), c.width))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
}

function pad(s: string, width: number): string {
  if (width === 0) return s;
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}
