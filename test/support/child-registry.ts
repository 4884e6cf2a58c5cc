/**
 * Every child process a test starts through spawn-ts.ts, until it has exited. Whatever a test file leaves running
 * (a test that failed before its own kill line, a start that timed out) is SIGKILLed after the file by
 * kill-leftover-children.ts (jest.config.js, setupFilesAfterEnv): a leftover child holds its Jest worker open through
 * its pipes ("a worker process has failed to exit gracefully") and goes on using a core. Kept free of heavy
 * imports: it loads before every test file.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

export function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once('close', () => live.delete(child));
}

/** SIGKILLs every tracked child still running and waits until each has closed; returns how many there were. */
export async function killLeftoverChildren(): Promise<number> {
  const leftovers = [...live];
  await Promise.all(
    leftovers.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            live.delete(child);
            return resolve();
          }
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  return leftovers.length;
}
