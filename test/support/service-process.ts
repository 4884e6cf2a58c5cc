/**
 * The service as `npm start` runs it (src/main.ts in a child process) on a free port of 127.0.0.1: resolves once it
 * logged that it listens and /health/ready answers 200. For tests that stop, kill or restart the real process.
 */
import { freePort } from './free-port';
import { waitReady } from './service-harness';
import { spawnTs, TsProcess } from './spawn-ts';

export interface ServiceProcess {
  child: TsProcess;
  baseUrl: string;
  /** The "service listening" log line, parsed (url, startMs, eventStore, cache). */
  listening: { eventStore: string; cache: string; startMs: number };
}

/** Start to "service listening" on a loaded machine (cold caches, other test workers) can take a while. */
const LISTENING_DEADLINE_MS = 60_000;

/** A start that fails (no listening line in time, never ready) kills the process before rethrowing. */
export async function startServiceProcess(
  env: Record<string, string>,
  readyTimeoutMs?: number,
): Promise<ServiceProcess> {
  const port = await freePort();
  // LOG_LEVEL info whatever the caller asks: the listening line is what this waits for.
  const child = await spawnTs('src/main.ts', {
    env: { ...env, LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1' },
  });
  try {
    const listening = JSON.parse(
      await child.waitForLine((l) => l.includes('service listening'), LISTENING_DEADLINE_MS),
    ) as ServiceProcess['listening'];
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitReady(baseUrl, readyTimeoutMs);
    return { child, baseUrl, listening };
  } catch (error) {
    await child.kill('SIGKILL');
    throw error;
  }
}
