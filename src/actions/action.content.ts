/**
 * Pure helpers over action content: the draft key that identifies a buildable draft, and the PATCH merge
 * (fields left out stay as they are; arrays replace the whole array; a secret sent without a value keeps its
 * stored value).
 */
import { createHash } from 'node:crypto';
import type { ActionContent, DependencySpec, StoredSecret } from './actions.events';
import type { TriggerRef } from '../triggers/trigger-catalogue';

/** Identifies the buildable part of a draft: two drafts with the same key produce the same artifact. */
export function draftKeyOf(content: ActionContent): string {
  const buildable = {
    code: content.code,
    dependencies: content.dependencies.map((d) => [d.name, d.version, d.registry_url ?? null]),
    runtime: content.runtime,
    trigger: content.supportedTriggers.map((t) => [t.id, t.version]),
  };
  return createHash('sha256').update(JSON.stringify(buildable)).digest('hex');
}

/** A secret in a command: encrypted at the edge; `ciphertext` absent = keep the stored value of that name. */
export interface SecretInput {
  name: string;
  fingerprint?: string;
  ciphertext?: string;
}

export interface ActionPatch {
  name?: string;
  supportedTriggers?: TriggerRef[];
  code?: string;
  dependencies?: DependencySpec[];
  runtime?: string;
  secrets?: SecretInput[];
}

export class MissingSecretValue extends Error {
  constructor(readonly secretName: string) {
    super(`Secret "${secretName}" has no value and no stored value to keep.`);
  }
}

/** Secrets after a write: the array replaces the stored set; every secret sent gets `now` as updated_at. */
export function mergeSecrets(
  stored: readonly StoredSecret[],
  sent: readonly SecretInput[],
  now: string,
): StoredSecret[] {
  return sent.map((s) => {
    if (s.ciphertext !== undefined && s.fingerprint !== undefined) {
      return { name: s.name, updatedAt: now, fingerprint: s.fingerprint, ciphertext: s.ciphertext };
    }
    const kept = stored.find((x) => x.name === s.name);
    if (!kept) throw new MissingSecretValue(s.name);
    return { ...kept, updatedAt: now };
  });
}

export function applyPatch(draft: ActionContent, patch: ActionPatch, now: string): ActionContent {
  return {
    name: patch.name ?? draft.name,
    supportedTriggers: patch.supportedTriggers ?? draft.supportedTriggers,
    code: patch.code ?? draft.code,
    dependencies: patch.dependencies ?? draft.dependencies,
    runtime: patch.runtime ?? draft.runtime,
    secrets: patch.secrets ? mergeSecrets(draft.secrets, patch.secrets, now) : draft.secrets,
  };
}
