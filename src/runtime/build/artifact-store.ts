/**
 * Immutable build artifacts on disk: DATA_DIR/artifacts/<sha256>.js, written once (temp file + rename) and never
 * changed, readable by the service's user only (files 0600, folders 0700; docs/security.md). An index
 * DATA_DIR/artifacts/by-source/<source key> maps what a version is made of (its code and exact dependencies) to its
 * artifact, so a process that built or loaded a version once finds it again without
 * reinstalling anything; a replica without the file rebuilds it from the same inputs.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dependency } from '../runtime.ports';
import type { Artifact } from '../sandbox/context-boot';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Which builder made an artifact. Artifacts indexed under another format (made before the contained build,
 * docs/security.md) are never served again: their versions are rebuilt, and fail if they reach for host files.
 */
const BUILD_FORMAT = 'contained-1';

/** What a version is made of, as one key: the build format, its code and its dependencies sorted by name. */
export function sourceKey(code: string, dependencies: Dependency[]): string {
  const sorted = [...dependencies].sort((a, b) => a.name.localeCompare(b.name)).map((d) => `${d.name}@${d.version}`);
  return sha256(JSON.stringify([BUILD_FORMAT, code, sorted]));
}

export class ArtifactStore {
  private readonly indexDir: string;

  constructor(readonly dir: string) {
    this.indexDir = path.join(dir, 'by-source');
    for (const d of [dir, this.indexDir]) {
      fs.mkdirSync(d, { recursive: true, mode: 0o700 });
      fs.chmodSync(d, 0o700);
    }
  }

  fileOf(sha: string): string {
    return path.join(this.dir, `${sha}.js`);
  }

  /** Stores `code` under its sha256 (once) and remembers which source it was built from. */
  put(code: string, source?: string): Artifact {
    const artifact = { code, sha256: sha256(code) };
    const file = this.fileOf(artifact.sha256);
    if (!fs.existsSync(file)) writeAtomically(file, code);
    if (source) writeAtomically(path.join(this.indexDir, source), artifact.sha256);
    return artifact;
  }

  /** The artifact built from this source, if this data directory has it (and its content still matches). */
  lookup(source: string): Artifact | undefined {
    try {
      const sha = fs.readFileSync(path.join(this.indexDir, source), 'utf8').trim();
      const code = fs.readFileSync(this.fileOf(sha), 'utf8');
      return sha256(code) === sha ? { code, sha256: sha } : undefined;
    } catch {
      return undefined;
    }
  }
}

function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
