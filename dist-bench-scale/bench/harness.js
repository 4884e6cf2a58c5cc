"use strict";
/**
 * Tiny benchmark helpers: time a function for N iterations after a warm-up, turn that into a rate, and express each
 * rate as a ratio of a baseline measured in the same run (absolute numbers depend on the machine; ratios travel).
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.sized = sized;
exports.measure = measure;
exports.benchRow = benchRow;
exports.formatTable = formatTable;
/** `full` normally, `quick` under --quick (budgets, iteration counts, log sizes). */
function sized(options, full, quick) {
    return options?.quick ? quick : full;
}
/** Calls `fn(i)` `warmup` times untimed, then up to `iterations` times timed; awaits it only when it returns a promise. */
async function measure(fn, options) {
    const warmup = options.warmup ?? Math.max(1, Math.floor(options.iterations / 10));
    let call = 0;
    for (let i = 0; i < warmup; i++) {
        const result = fn(call++);
        if (isPromise(result))
            await result;
    }
    const budgetNs = options.maxMs === undefined ? undefined : BigInt(Math.round(options.maxMs * 1e6));
    const start = process.hrtime.bigint();
    let done = 0;
    while (done < options.iterations) {
        const result = fn(call++);
        if (isPromise(result))
            await result;
        done++;
        if (budgetNs !== undefined && process.hrtime.bigint() - start >= budgetNs)
            break;
    }
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    const units = done * (options.unitsPerIteration ?? 1);
    return { iterations: done, elapsedMs, perSecond: units / (elapsedMs / 1000) };
}
function isPromise(value) {
    return typeof value?.then === 'function';
}
/** Builds a row; with `baseline`, also the ratio against it. */
function benchRow(suite, name, unit, measurement, extra = {}) {
    return {
        suite,
        name,
        unit,
        perSecond: measurement.perSecond,
        iterations: measurement.iterations,
        elapsedMs: measurement.elapsedMs,
        ...(extra.baseline ? { baseline: extra.baseline.name, ratio: measurement.perSecond / extra.baseline.perSecond } : {}),
        ...(extra.note ? { note: extra.note } : {}),
    };
}
/** A plain-text table: suite, name, rate, unit, ratio against the suite's baseline row, note. */
function formatTable(rows) {
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
    const line = (row) => row.map((cell, c) => (c === 2 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
function isBaseline(row, rows) {
    return rows.some((r) => r.suite === row.suite && r.baseline === row.name);
}
function formatRate(perSecond) {
    return perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1);
}
function formatRatio(ratio) {
    return ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2);
}
//# sourceMappingURL=harness.js.map