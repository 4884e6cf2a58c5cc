/**
 * Issue 9, found while probing the sandbox: some memory bombs are not stopped by isolated-vm's memory limit but
 * reach V8's fatal out-of-memory handler (an object or a Map growing past the cap in large steps, one huge array),
 * which aborted the whole service process. Now the isolate is given up, the run ends with the memory-limit error,
 * the process goes on serving, and the key whose code did it is quarantined for a while (docs/security.md,
 * "Sandbox"). The runtime runs in a child process (fixtures/isolate-loss-runner.ts): before the fix the child
 * aborted; after it the child answers every step and is SIGKILLed by the test.
 */
import { spawnTs, removeBundles } from '../support/spawn-ts';

interface Step {
  step: string;
  data: any;
}

describe('an out-of-memory error isolated-vm cannot contain', () => {
  let steps: Map<string, any>;

  beforeAll(async () => {
    const child = await spawnTs('test/security/fixtures/isolate-loss-runner.ts');
    try {
      await child.waitForLine((l) => /"step":"(done|failed)"/.test(l), 60_000).catch(() => undefined);
    } finally {
      await child.kill('SIGKILL');
    }
    const parsed = child.lines.filter((l) => l.startsWith('{"step"')).map((l) => JSON.parse(l) as Step);
    steps = new Map(parsed.map((s) => [s.step, s.data]));
    if (!steps.has('done'))
      throw new Error(
        `the runtime process did not get through: ${child.lines.join('\n')}\n${child.stderr().slice(-2000)}`,
      );
  }, 90_000);
  afterAll(() => removeBundles());

  it('ends the run with the memory-limit error while another tenant is served; the bomber is then quarantined', () => {
    expect(steps.get('bombed')).toEqual({
      bombed: { id: 'action_error', msg: 'RangeError: The action exceeded the sandbox memory limit of 32 MB' },
      good: 'final',
    });
    expect(steps.get('after')).toEqual({
      again: {
        id: 'platform_error',
        msg: expect.stringMatching(/^Error: The sandbox refuses this tenant's code until .*could not be contained$/),
      },
      goodAfter: 1,
    });
  });

  it("contains it in the build's load check too: failed builds, other tenants still build", () => {
    const { builds, good } = steps.get('builds');
    expect(good).toBe('built');
    for (const b of builds) {
      expect(b).toEqual({
        status: 'failed',
        errors: [
          {
            id: 'compilation_failed',
            msg: expect.stringMatching(
              /^(Loading the module exceeded the sandbox memory limit of 32 MB\.|The sandbox refuses this tenant's code until .*)$/,
            ),
          },
        ],
      });
    }
  });

  it('tells the operator which key lost an isolate, and lifts the quarantine after QUARANTINE_MS', () => {
    expect(steps.get('listener')).toEqual({
      first: 'The action exceeded the sandbox memory limit of 32 MB',
      lost: [['tenant-x', 1]],
      quarantined: 'platform_error',
      lifted: null,
    });
  });
});
