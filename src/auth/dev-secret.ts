/**
 * With neither AUTH_JWT_SECRET nor AUTH_JWKS_URI, the service never runs open: it generates an HS256 secret under
 * DATA_DIR on first start (mode 0600) and uses it; `npm run token` mints development tokens with it.
 * The same file-or-generate logic serves the secrets-at-rest key.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Reads `file` under dataDir, creating it with `generate()` first if missing. Returns [value, created]. */
export function readOrCreateKeyFile(dataDir: string, file: string, generate: () => string): [string, boolean] {
  const full = path.join(dataDir, file);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(full, generate(), { flag: 'wx', mode: 0o600 });
    return [fs.readFileSync(full, 'utf8').trim(), true];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return [fs.readFileSync(full, 'utf8').trim(), false];
  }
}

export const DEV_JWT_SECRET_FILE = 'auth-dev-secret';
export const SECRETS_KEY_FILE = 'secrets.key';

export function devJwtSecret(dataDir: string): [string, boolean] {
  return readOrCreateKeyFile(dataDir, DEV_JWT_SECRET_FILE, () => randomBytes(48).toString('base64url'));
}

export function secretsKey(dataDir: string): Buffer {
  const [b64] = readOrCreateKeyFile(dataDir, SECRETS_KEY_FILE, () => randomBytes(32).toString('base64'));
  return Buffer.from(b64, 'base64');
}
