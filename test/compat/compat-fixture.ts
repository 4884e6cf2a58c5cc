/**
 * Runs an action body in the real sandbox (through the runtime fixture) and answers its console lines and error.
 */
import { handler, runtimeFixture } from '../runtime/runtime-fixture';

export function compatFixture(env: Record<string, string> = {}) {
  const f = runtimeFixture({ LOG_LINE_MAX: '4096', EXECUTION_TIMEOUT_MS: '5000', SANDBOX_MEMORY_MB: '64', ...env });
  let n = 0;
  return {
    f,
    /** Runs `body` as a post-login handler of a fresh action; returns its log lines and error message. */
    async run(body: string, tenant = 'compat'): Promise<{ logs: string[]; error?: string; status: string }> {
      n++;
      f.bind(tenant, 'post-login', [{ name: `a${n}`, code: handler(body) }]);
      const r = await f.executor.execute(tenant, 'post-login', {});
      return {
        logs: r.logs[0]?.lines ?? [],
        status: r.status,
        ...(r.results[0]?.error ? { error: r.results[0].error.msg } : {}),
      };
    },
    /** Runs code that must print exactly `expected`, line by line (outbound request lines and warnings aside). */
    async expectLines(body: string, expected: string[]): Promise<void> {
      const r = await this.run(body);
      expect({
        error: r.error,
        logs: r.logs.filter((l) => !l.startsWith('[http]') && !l.startsWith('[warn]')),
      }).toEqual({ error: undefined, logs: expected });
    },
    close: () => f.close(),
  };
}
