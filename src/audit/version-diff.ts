/**
 * The difference between two versions of an action: a unified diff of the code (the `diff` package), and the
 * dependency, resolved dependency, runtime, trigger and secret-name changes (fingerprints only, never values).
 */
import { createTwoFilesPatch } from 'diff';
import type { VersionRecord } from '../actions/actions.state';
import { codeSha256 } from '../actions/action-code';
import {
  DependencyChanges,
  dependencyChanges,
  describeContentChanges,
  describeDependencies,
  SecretChanges,
  secretChanges,
} from './content-changes';

export interface VersionRef {
  id: string;
  number: number;
  created_at: string;
  code_sha256: string;
}

export interface VersionDiff {
  action_id: string;
  from: VersionRef;
  to: VersionRef;
  code: { changed: boolean; unified_diff: string };
  dependencies: DependencyChanges;
  resolved_dependencies: DependencyChanges;
  runtime: { changed: boolean; from: string; to: string };
  supported_triggers: {
    changed: boolean;
    from: { id: string; version: string }[];
    to: { id: string; version: string }[];
  };
  secrets: SecretChanges;
  /** Every change in words (as history summaries read). */
  summary: string[];
}

const ref = (v: VersionRecord): VersionRef => ({
  id: v.versionId,
  number: v.number,
  created_at: v.createdAt,
  code_sha256: codeSha256(v.content.code),
});

export function diffVersions(actionId: string, a: VersionRecord, b: VersionRecord): VersionDiff {
  const from = a.content;
  const to = b.content;
  const triggers = (c: typeof from) => c.supportedTriggers.map((t) => ({ id: t.id, version: t.version }));
  const resolved = dependencyChanges(a.resolvedDependencies, b.resolvedDependencies);
  const unified =
    from.code === to.code
      ? ''
      : createTwoFilesPatch(
          `version-${a.number}/index.js`,
          `version-${b.number}/index.js`,
          from.code,
          to.code,
          a.versionId,
          b.versionId,
          { context: 3 },
        );
  return {
    action_id: actionId,
    from: ref(a),
    to: ref(b),
    code: { changed: from.code !== to.code, unified_diff: unified },
    dependencies: dependencyChanges(from.dependencies, to.dependencies),
    resolved_dependencies: resolved,
    runtime: { changed: from.runtime !== to.runtime, from: from.runtime, to: to.runtime },
    supported_triggers: {
      changed: JSON.stringify(triggers(from)) !== JSON.stringify(triggers(to)),
      from: triggers(from),
      to: triggers(to),
    },
    secrets: secretChanges(from.secrets, to.secrets),
    summary: [
      ...describeContentChanges(from, to),
      ...describeDependencies(resolved).map((s) => s.replace(/^dependency /, 'resolved dependency ')),
    ],
  };
}
