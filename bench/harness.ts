/**
 * Tiny benchmark helpers: time a function for N iterations after a warm-up, turn that into a rate, and express each
 * rate as a ratio of a baseline measured in the same run (absolute numbers depend on the machine; ratios travel).
 */

/** What `npm run bench` passes every module: `--quick` asks for shorter runs (the whole suite in under 3 minutes). */
export interface BenchOptions {
  quick?: boolean;
}

/** `full` normally, `quick` under --quick (budgets, iteration counts, log sizes). */
export function sized<T>(options: BenchOptions | undefined, full: T, quick: T): T {
  return options?.quick ? quick : full;
}

export interface BenchRow {
  /** The bench module that produced the row, e.g. 'event-store'. */
  suite: string;
  name: string;
  /** What `perSecond` counts, e.g. 'appends/s' or 'events/s'. */
  unit: string;
  perSecond: number;
  /** Iterations actually timed (fewer than asked when the time budget ran out). */
  iterations: number;
  elapsedMs: number;
  /** Name of the row this one is compared with; that row was measured in the same run. */
  baseline?: string;
  /** perSecond divided by the baseline's perSecond. */
  ratio?: number;
  note?: string;
}

export interface MeasureOptions {
  iterations: number;
  /** Untimed calls first (JIT, caches, file growth). Default 10% of iterations, at least 1. */
  warmup?: number;
  /** How many counted units one call performs (events per batch, events per full read). Default 1. */
  unitsPerIteration?: number;
  /** Stop early once this much time has been spent timing, so a slow machine still finishes in seconds. */
  maxMs?: number;
}

export interface Measurement {
  iterations: number;
  elapsedMs: number;
  perSecond: number;
}

/** Calls `fn(i)` `warmup` times untimed, then up to `iterations` times timed; awaits it only when it returns a promise. */
export async function measure(fn: (i: number) => unknown, options: MeasureOptions): Promise<Measurement> {
  const warmup = options.warmup ?? Math.max(1, Math.floor(options.iterations / 10));
  let call = 0;
  for (let i = 0; i < warmup; i++) {
    const result = fn(call++);
    if (isPromise(result)) await result;
  }
  const budgetNs = options.maxMs === undefined ? undefined : BigInt(Math.round(options.maxMs * 1e6));
  const start = process.hrtime.bigint();
  let done = 0;
  while (done < options.iterations) {
    const result = fn(call++);
    if (isPromise(result)) await result;
    done++;
    if (budgetNs !== undefined && process.hrtime.bigint() - start >= budgetNs) break;
  }
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  const units = done * (options.unitsPerIteration ?? 1);
  return { iterations: done, elapsedMs, perSecond: units / (elapsedMs / 1000) };
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/** Builds a row; with `baseline`, also the ratio against it. */
export function benchRow(
  suite: string,
  name: string,
  unit: string,
  measurement: Measurement,
  extra: { baseline?: BenchRow; note?: string } = {},
): BenchRow {
  return {
    suite,
    name,
    unit,
    perSecond: measurement.perSecond,
    iterations: measurement.iterations,
    elapsedMs: measurement.elapsedMs,
    ...(extra.baseline
      ? { baseline: extra.baseline.name, ratio: measurement.perSecond / extra.baseline.perSecond }
      : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

/** A plain-text table: suite, name, rate, unit, ratio against the suite's baseline row, note. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.suite,
    r.name,
    formatRate(r.perSecond),
    r.unit,
    r.ratio === undefined ? (isBaseline(r, rows) ? 'baseline' : '') : `${formatRatio(r.ratio)}×`,
    r.note ?? '',
  ]);
  const header = ['suite', 'benchmark', 'rate', 'unit', 'vs baseline', 'note'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function isBaseline(row: BenchRow, rows: readonly BenchRow[]): boolean {
  return rows.some((r) => r.suite === row.suite && r.baseline === row.name);
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1);
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2);
}
