/**
 * The real build step (actionBuilderFor, as the runtime module wires it) over a temp DATA_DIR and a temp BUILD_DIR,
 * against a given registry. DATA_DIR and BUILD_DIR each hold a file with SECRET, as the service's own secrets
 * would be: the tests show that no build can bring it into an artifact.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/config/config';
import { actionBuilderFor } from '../../../src/runtime/build/action-builder';
import type { BuildResult, Dependency } from '../../../src/runtime/runtime.ports';
import { SECRET } from './hostile-packages';

export const handlerCode = (body = '') => `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};`;

export function buildFixture(registryUrl: string, env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-data-'));
  const buildDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sec-build-')), 'builds');
  const config = loadConfig({
    DATA_DIR: dataDir,
    BUILD_DIR: buildDir,
    NPM_REGISTRY: registryUrl,
    SANDBOX_MEMORY_MB: '32',
    ...env,
  });
  const builder = actionBuilderFor(config);
  for (const dir of [dataDir, buildDir, path.join(buildDir, 'installs')]) {
    fs.writeFileSync(path.join(dir, 'secret.json'), JSON.stringify({ secret: SECRET }));
    fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  }
  return {
    dataDir,
    buildDir,
    config,
    builder,
    secretFile: path.join(dataDir, 'secret.json'),
    build: (code: string, dependencies: Dependency[] = [], tenantId = 'attacker'): Promise<BuildResult> =>
      builder.build({ tenantId, triggerId: 'post-login', code, dependencies }),
    /** Every artifact written so far, as text. */
    artifacts(): string[] {
      const dir = path.join(dataDir, 'artifacts');
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    },
    installFolders(): string[] {
      return fs.readdirSync(path.join(buildDir, 'installs')).filter((f) => !f.startsWith('secret'));
    },
    /** True when `text` names no path of this machine that a tenant should not learn. */
    namesNoHostPath(text: string): boolean {
      return ![dataDir, buildDir, os.homedir(), os.tmpdir(), '../..', '.npmrc'].some((p) => text.includes(p));
    },
    close() {
      builder.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(path.dirname(buildDir), { recursive: true, force: true });
    },
  };
}

export type BuildFixture = ReturnType<typeof buildFixture>;
