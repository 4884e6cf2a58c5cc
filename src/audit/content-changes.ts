/**
 * What changed between two contents of an action, in words and as structured lists, for history summaries and
 * version diffs. Secrets are named with their fingerprints only: values and ciphertexts never leave this module.
 */
import { diffLines } from 'diff';
import { codeSha256 } from '../actions/action-code';
import type { ActionContent, DependencySpec, StoredSecret } from '../actions/actions.events';

export interface DependencyChanges {
  added: { name: string; version: string; registry_url?: string }[];
  removed: { name: string; version: string; registry_url?: string }[];
  changed: { name: string; from: string; to: string }[];
}

export interface SecretChanges {
  added: { name: string; fingerprint: string }[];
  removed: { name: string; fingerprint: string }[];
  changed: { name: string; from_fingerprint: string; to_fingerprint: string }[];
}

const short = (sha: string) => sha.slice(0, 12);

function depLabel(d: { version: string; registry_url?: string }): string {
  return d.registry_url ? `${d.version} (${d.registry_url})` : d.version;
}

export function dependencyChanges(
  from: readonly { name: string; version: string; registry_url?: string }[],
  to: readonly { name: string; version: string; registry_url?: string }[],
): DependencyChanges {
  const before = new Map(from.map((d) => [d.name, d]));
  const after = new Map(to.map((d) => [d.name, d]));
  const pick = (d: { name: string; version: string; registry_url?: string }) => ({
    name: d.name,
    version: d.version,
    ...(d.registry_url ? { registry_url: d.registry_url } : {}),
  });
  return {
    added: to.filter((d) => !before.has(d.name)).map(pick),
    removed: from.filter((d) => !after.has(d.name)).map(pick),
    changed: to.flatMap((d) => {
      const old = before.get(d.name);
      return old && depLabel(old) !== depLabel(d) ? [{ name: d.name, from: depLabel(old), to: depLabel(d) }] : [];
    }),
  };
}

export function secretChanges(from: readonly StoredSecret[], to: readonly StoredSecret[]): SecretChanges {
  const before = new Map(from.map((s) => [s.name, s]));
  const after = new Map(to.map((s) => [s.name, s]));
  return {
    added: to.filter((s) => !before.has(s.name)).map((s) => ({ name: s.name, fingerprint: s.fingerprint })),
    removed: from.filter((s) => !after.has(s.name)).map((s) => ({ name: s.name, fingerprint: s.fingerprint })),
    changed: to.flatMap((s) => {
      const old = before.get(s.name);
      return old && old.fingerprint !== s.fingerprint
        ? [{ name: s.name, from_fingerprint: old.fingerprint, to_fingerprint: s.fingerprint }]
        : [];
    }),
  };
}

/** Lines added and removed between two code texts. */
export function lineCounts(from: string, to: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(from, to)) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

const lines = (code: string) => (code === '' ? 0 : code.split('\n').length);

export function describeCode(code: string): string {
  return `code set (${lines(code)} line${lines(code) === 1 ? '' : 's'}, sha256 ${short(codeSha256(code))})`;
}

export function describeDependencies(c: DependencyChanges): string[] {
  return [
    ...c.added.map((d) => `dependency ${d.name}@${depLabel(d)} added`),
    ...c.removed.map((d) => `dependency ${d.name}@${depLabel(d)} removed`),
    ...c.changed.map((d) => `dependency ${d.name} changed from ${d.from} to ${d.to}`),
  ];
}

export function describeSecrets(c: SecretChanges): string[] {
  return [
    ...c.added.map((s) => `secret ${s.name} set (fingerprint ${s.fingerprint})`),
    ...c.changed.map((s) => `secret ${s.name} set (fingerprint ${s.from_fingerprint} → ${s.to_fingerprint})`),
    ...c.removed.map((s) => `secret ${s.name} removed`),
  ];
}

const triggerLabel = (c: ActionContent) => c.supportedTriggers.map((t) => `${t.id} ${t.version}`).join(', ');

/** Every difference between two contents, in words, in a fixed order. */
export function describeContentChanges(from: ActionContent, to: ActionContent): string[] {
  const out: string[] = [];
  if (from.name !== to.name) out.push(`name changed from "${from.name}" to "${to.name}"`);
  if (triggerLabel(from) !== triggerLabel(to))
    out.push(`trigger changed from ${triggerLabel(from)} to ${triggerLabel(to)}`);
  if (from.code !== to.code) {
    const n = lineCounts(from.code, to.code);
    out.push(
      `code changed (+${n.added} −${n.removed} lines, sha256 ${short(codeSha256(from.code))} → ${short(codeSha256(to.code))})`,
    );
  }
  out.push(...describeDependencies(dependencyChanges(from.dependencies, to.dependencies)));
  if (from.runtime !== to.runtime) out.push(`runtime changed from ${from.runtime} to ${to.runtime}`);
  out.push(...describeSecrets(secretChanges(from.secrets, to.secrets)));
  return out;
}

/** What a newly created content holds, in words. */
export function describeNewContent(c: ActionContent): string[] {
  const none: ActionContent = { ...c, code: '', dependencies: [] as DependencySpec[], secrets: [] };
  return [
    `trigger ${triggerLabel(c)}`,
    `runtime ${c.runtime}`,
    describeCode(c.code),
    ...describeDependencies(dependencyChanges(none.dependencies, c.dependencies)),
    ...describeSecrets(secretChanges(none.secrets, c.secrets)),
  ];
}
