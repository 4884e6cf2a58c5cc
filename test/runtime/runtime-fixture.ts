/**
 * A real TriggerExecutor (real sandbox, real build step, in-process cache, SQLite execution store) whose bound
 * versions come from literal code: the BoundVersionsSource port is the only thing provided by the test.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { actionBuilderFor } from '../../src/runtime/build/action-builder';
import { MemoryCacheStore } from '../../src/runtime/cache/memory-cache.store';
import { SqliteExecutionStore } from '../../src/runtime/executions/execution-store';
import { TriggerExecutor } from '../../src/runtime/executions/trigger-executor';
import type { RunnableVersion } from '../../src/runtime/runtime.ports';
import { Sandbox } from '../../src/runtime/sandbox/sandbox';
import { egressFromConfig, SandboxOptions } from '../../src/runtime/sandbox/sandbox-options';
import { sequentialIds, steppingClock } from '../support/service-harness';

export interface ActionSpec {
  name: string;
  code: string;
  secrets?: Record<string, string>;
  dependencies?: { name: string; version: string }[];
}

/** `env` is the service configuration; BUILD_DIR keeps installed dependency sets across runs (default: a fresh folder per fixture). */
export function runtimeFixture(env: Record<string, string> = {}, sandboxOptions: Partial<SandboxOptions> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'actions-runtime-'));
  const config = loadConfig({ DATA_DIR: dataDir, EXECUTION_TIMEOUT_MS: '1500', SANDBOX_MEMORY_MB: '32', ...env });
  const bound = new Map<string, RunnableVersion[]>();
  const sandbox = new Sandbox({
    memoryLimitMb: config.runtime.memoryLimitMb,
    isolatesPerKey: config.runtime.isolatesPerTenant,
    syncSliceMs: config.runtime.syncSliceMs,
    syncShare: config.runtime.syncSharePct / 100,
    logLineMax: config.runtime.logLineMax,
    logLinesMax: config.runtime.logLinesMax,
    egress: egressFromConfig(config.egress),
    // Fixed, as the clock is: how busy the test process happens to be must not decide where a run goes (a run that
    // leaves the service thread starts in another isolate's context, without the module state of the one before).
    hostUtilisation: () => 0,
    ...sandboxOptions,
  });
  const builder = actionBuilderFor(config);
  const cache = new MemoryCacheStore(config.cache);
  const store = new SqliteExecutionStore(dataDir, config.runtime.recordMaxBytes);
  const executor = new TriggerExecutor({
    config,
    sandbox,
    builder,
    cache,
    store,
    clock: steppingClock(),
    ids: sequentialIds(7),
    source: { boundVersions: async (tenantId, triggerId) => bound.get(`${tenantId}/${triggerId}`) ?? [] },
  });
  let n = 0;
  return {
    executor,
    sandbox,
    cache,
    store,
    config,
    builder,
    bind(tenantId: string, triggerId: string, actions: ActionSpec[]) {
      bound.set(
        `${tenantId}/${triggerId}`,
        actions.map((a) => {
          n++;
          return {
            tenantId,
            triggerId,
            bindingId: `binding-${n}`,
            actionId: `action-${a.name}`,
            actionName: a.name,
            versionId: `version-${n}`,
            versionNumber: 1,
            code: a.code,
            dependencies: a.dependencies ?? [],
            runtime: 'node22',
            secrets: a.secrets ?? {},
          };
        }),
      );
    },
    async close() {
      sandbox.dispose();
      await cache.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(config.build.dir, { recursive: true, force: true });
    },
  };
}

export const handler = (body: string) => `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};`;
