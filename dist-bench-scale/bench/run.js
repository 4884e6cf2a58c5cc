"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * Runs the benchmark modules listed below one after another, prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                 # every module
 *   npm run bench -- event-store  # only the named modules
 *   npm run bench -- --quick      # shorter runs everywhere (whole suite < 3 minutes); combines with names
 *
 * A bench module exports `run(options: BenchOptions): Promise<BenchRow[]>` and includes its own baseline row, measured in the same run.
 */
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const eventStoreBench = __importStar(require("./event-store.bench"));
const runtimeBench = __importStar(require("./runtime.bench"));
const projectionsBench = __importStar(require("./projections.bench"));
const apiBench = __importStar(require("./api.bench"));
const httpBench = __importStar(require("./http.bench"));
const harness_1 = require("./harness");
/** Add new bench modules here. */
const BENCHES = [
    { name: 'event-store', run: eventStoreBench.run },
    { name: 'runtime', run: runtimeBench.run },
    { name: 'projections', run: projectionsBench.run },
    { name: 'api', run: apiBench.run },
    { name: 'http', run: httpBench.run },
];
async function main() {
    const args = process.argv.slice(2);
    const options = { quick: args.includes('--quick') };
    const wanted = args.filter((a) => a !== '--quick');
    const unknownFlags = wanted.filter((a) => a.startsWith('-'));
    if (unknownFlags.length > 0)
        throw new Error(`Unknown option(s): ${unknownFlags.join(', ')}; known: --quick`);
    const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name));
    if (unknown.length > 0)
        throw new Error(`Unknown bench module(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
    const selected = wanted.length === 0 ? BENCHES : BENCHES.filter((b) => wanted.includes(b.name));
    const rows = [];
    const started = Date.now();
    for (const bench of selected) {
        process.stdout.write(`running ${bench.name}${options.quick ? ' (quick)' : ''} ...\n`);
        const moduleStarted = Date.now();
        rows.push(...(await bench.run(options)));
        process.stdout.write(`  ${bench.name}: ${((Date.now() - moduleStarted) / 1000).toFixed(1)} s\n`);
    }
    process.stdout.write(`\nwhole run: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`\n${(0, harness_1.formatTable)(rows)}\n`);
    const file = path.join(projectRoot(), 'bench', 'results', 'latest.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ ranAt: new Date().toISOString(), quick: options.quick, machine: machine(), rows }, null, 2)}\n`);
    process.stdout.write(`\nwritten to ${path.relative(process.cwd(), file)}\n`);
}
function machine() {
    const cpus = os.cpus();
    return { node: process.version, platform: `${os.platform()} ${os.release()}`, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length };
}
/** The directory holding package.json, found upwards from this file (it runs from dist-bench/bench/). */
function projectRoot() {
    for (let dir = __dirname;; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, 'package.json')))
            return dir;
        if (path.dirname(dir) === dir)
            return process.cwd();
    }
}
main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
});
//# sourceMappingURL=run.js.map