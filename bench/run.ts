/**
 * Runs the benchmark modules listed below one after another, prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                 # every module
 *   npm run bench -- event-store  # only the named modules
 *   npm run bench -- --quick      # shorter runs everywhere (whole suite < 3 minutes); combines with names
 *
 * A bench module exports `run(options: BenchOptions): Promise<BenchRow[]>` and includes its own baseline row, measured in the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as eventStoreBench from './event-store.bench';
import * as runtimeBench from './runtime.bench';
import * as projectionsBench from './projections.bench';
import * as apiBench from './api.bench';
import * as httpBench from './http.bench';
import { BenchOptions, BenchRow, formatTable } from './harness';

interface BenchModule {
  name: string;
  run: (options: BenchOptions) => Promise<BenchRow[]>;
}

/** Add new bench modules here. */
const BENCHES: readonly BenchModule[] = [
  { name: 'event-store', run: eventStoreBench.run },
  { name: 'runtime', run: runtimeBench.run },
  { name: 'projections', run: projectionsBench.run },
  { name: 'api', run: apiBench.run },
  { name: 'http', run: httpBench.run },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options: BenchOptions = { quick: args.includes('--quick') };
  const wanted = args.filter((a) => a !== '--quick');
  const unknownFlags = wanted.filter((a) => a.startsWith('-'));
  if (unknownFlags.length > 0) throw new Error(`Unknown option(s): ${unknownFlags.join(', ')}; known: --quick`);
  const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length > 0)
    throw new Error(`Unknown bench module(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  const selected = wanted.length === 0 ? BENCHES : BENCHES.filter((b) => wanted.includes(b.name));
  const rows: BenchRow[] = [];
  const started = Date.now();
  for (const bench of selected) {
    process.stdout.write(`running ${bench.name}${options.quick ? ' (quick)' : ''} ...\n`);
    const moduleStarted = Date.now();
    rows.push(...(await bench.run(options)));
    process.stdout.write(`  ${bench.name}: ${((Date.now() - moduleStarted) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`\nwhole run: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`\n${formatTable(rows)}\n`);
  const file = path.join(projectRoot(), 'bench', 'results', 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify({ ranAt: new Date().toISOString(), quick: options.quick, machine: machine(), rows }, null, 2)}\n`,
  );
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), file)}\n`);
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
  };
}

/** The directory holding package.json, found upwards from this file (it runs from dist-bench/bench/). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
