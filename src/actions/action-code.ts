/**
 * Code stored once per action stream, by content hash (docs/architecture.md, "Events"). Events that carry an
 * action's content name its code by `codeSha256`, and carry the code text itself only the first time the stream
 * holds that text: a redeploy, a rollback or a secrets-only update of unchanged code costs a hash, not the code.
 * Versions are never pruned, so the text is always found in the stream (and in the read model's code table).
 * Events written before this existed carry the text every time and no hash; reading them needs nothing.
 */
import { createHash } from 'node:crypto';
import type { ActionContent } from './actions.events';

/** ActionContent as events store it: `code` present the first time the stream sees it, `codeSha256` always. */
export type PackedContent = Omit<ActionContent, 'code'> & { code?: string; codeSha256?: string };

export const codeSha256 = (code: string): string => createHash('sha256').update(code).digest('hex');

/** Drops the text of code that the stream already holds (`known(sha)`), keeping its hash. */
export function packContent(content: ActionContent, known: (sha: string) => boolean): PackedContent {
  const { code, ...rest } = content;
  const sha = codeSha256(code);
  return known(sha) ? { ...rest, codeSha256: sha } : { ...rest, code, codeSha256: sha };
}

export class MissingCodeError extends Error {
  constructor(sha: string) {
    super(`Event content names code ${sha}, which no earlier event of the stream holds.`);
  }
}

/** The content with its code text, from the event or from the code the stream held before (`lookup`). */
export function unpackContent(packed: PackedContent, lookup: (sha: string) => string | undefined): ActionContent {
  const { codeSha256: sha, code, ...rest } = packed;
  if (code !== undefined) return { ...rest, code };
  const found = sha === undefined ? undefined : lookup(sha);
  if (found === undefined) throw new MissingCodeError(String(sha));
  return { ...rest, code: found };
}
