/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by file, top N each, as percentages of
 * the sampled time (idle and GC shown as their own entries).
 *
 *   node dist-bench/bench/profile-summary.js <file.cpuprofile> [top=25] [--last-s=N | --busiest-s=N] [--callers=functionName]
 *
 * --last-s: only the samples of the last N seconds (the measured load, without start-up and setup).
 * --busiest-s: only the samples of the N seconds with the least idle time (the measured load, wherever it was),
 *   starting at least --after-s=M seconds into the profile (past the start-up, which is never idle).
 * --callers: the most frequent call paths (14 frames up) leading to the named function's self time.
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}/…/${rest[rest.length - 1]}`;
  }
  const src = url.search(/\/(src|bench)\//);
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '').replace(/^node:/, 'node:');
}

export interface SummaryOptions {
  top?: number;
  lastSeconds?: number;
  busiestSeconds?: number;
  afterSeconds?: number;
  callersOf?: string;
}

export function summarise(profile: Profile, options: SummaryOptions = {}): string {
  const top = options.top ?? 25;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const at: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) at.push((t += d));
  let [from, to] = [
    options.lastSeconds === undefined ? -Infinity : profile.endTime - options.lastSeconds * 1e6,
    Infinity,
  ];
  if (options.busiestSeconds !== undefined)
    [from, to] = busiestWindow(profile, byId, at, options.busiestSeconds * 1e6, (options.afterSeconds ?? 0) * 1e6);
  for (let i = 0; i < profile.samples.length; i++) {
    if (at[i] < from || at[i] > to) continue;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const file = shortUrl(frame.url);
    const fn = `${frame.functionName || '(anonymous)'} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const table = (title: string, m: Map<string, number>) =>
    [
      `${title} (of ${(total / 1e6).toFixed(1)} s sampled)`,
      ...[...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`),
    ].join('\n');
  let out = `${table('self time by function', byFunction)}\n\n${table('self time by file', byFile)}`;
  if (options.callersOf) {
    const paths = new Map<string, number>();
    for (const [id, us] of self) {
      if (byId.get(id)!.callFrame.functionName !== options.callersOf) continue;
      const frames: string[] = [];
      for (let p = parent.get(id); p !== undefined && frames.length < 14; p = parent.get(p)) {
        const f = byId.get(p)!.callFrame;
        frames.push(`${f.functionName || '(anonymous)'}@${shortUrl(f.url)}`);
      }
      const key = frames.join(' < ');
      paths.set(key, (paths.get(key) ?? 0) + us);
    }
    out += `\n\n${table(`callers of ${options.callersOf}`, paths)}`;
  }
  return out;
}

/** The [from, to] span (µs) of the given length holding the least idle time (two pointers over the samples). */
function busiestWindow(
  profile: Profile,
  byId: Map<number, ProfileNode>,
  at: number[],
  span: number,
  after: number,
): [number, number] {
  const idle = profile.samples.map((id, i) =>
    byId.get(id)!.callFrame.functionName === '(idle)' ? (profile.timeDeltas[i] ?? 0) : 0,
  );
  let best: [number, number] = [profile.startTime, profile.startTime + span];
  let bestIdle = Infinity;
  let idleIn = 0;
  let start = at.findIndex((t) => t >= profile.startTime + after);
  if (start < 0) return best;
  for (let end = start; end < at.length; end++) {
    idleIn += idle[end];
    while (at[end] - at[start] > span) idleIn -= idle[start++];
    if (at[end] - at[start] >= span * 0.95 && idleIn < bestIdle) [bestIdle, best] = [idleIn, [at[start], at[end]]];
  }
  return best;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const [file, top] = args.filter((a) => !a.startsWith('--'));
  if (!file)
    throw new Error(
      'usage: profile-summary <file.cpuprofile> [top] [--last-s=N] [--busiest-s=N [--after-s=M]] [--callers=fn]',
    );
  const lastSeconds = flag('last-s');
  const busiestSeconds = flag('busiest-s');
  process.stdout.write(
    `${summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, {
      top: Number(top ?? 25),
      lastSeconds: lastSeconds === undefined ? undefined : Number(lastSeconds),
      busiestSeconds: busiestSeconds === undefined ? undefined : Number(busiestSeconds),
      afterSeconds: Number(flag('after-s') ?? 0),
      callersOf: flag('callers'),
    })}\n`,
  );
}
