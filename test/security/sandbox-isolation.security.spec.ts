/**
 * Issue 9, what one action's run may show: warm contexts are never shared between two actions (even with identical
 * code), secret values are scrubbed from every string of an error and of the logs, and errors name the action's own
 * file only, never a path or frame of the service (docs/security.md, "Sandbox").
 */
import { DraftTester } from '../../src/runtime/executions/draft-tester';
import { steppingClock } from '../support/service-harness';
import { handler, runtimeFixture } from '../runtime/runtime-fixture';

/** Module-level state that outlives a run: what the previous run in the same context left there. */
const REMEMBERING = `let previous;\n${handler("console.log('previous: ' + String(previous)); previous = event.secrets.KEY;")}`;

describe('sandbox isolation between actions and from the host', () => {
  const f = runtimeFixture();
  const drafts = new DraftTester(f.config, f.sandbox, { artifactFor: (code, deps) => f.builder.artifactFor(code, deps) }, f.cache, steppingClock());
  afterAll(() => f.close());

  const draft = (actionId: string, code: string, secrets: Record<string, string> = {}) =>
    ({ actionId, actionName: actionId, triggerId: 'post-login', code, dependencies: [], secrets });

  it('two actions of one tenant with identical code do not share a warm context (live)', async () => {
    f.bind('twins', 'post-login', [
      { name: 'a', code: REMEMBERING, secrets: { KEY: 'alpha-secret-value' } },
      { name: 'b', code: REMEMBERING, secrets: { KEY: 'bravo-secret-value' } },
    ]);
    const first = await f.executor.execute('twins', 'post-login', {});
    expect(first.logs).toEqual([{ action_name: 'a', lines: ['previous: undefined'] }, { action_name: 'b', lines: ['previous: undefined'] }]);
    // a warm context is still reused by the same version (its own secret, redacted)
    const second = await f.executor.execute('twins', 'post-login', {});
    expect(second.logs).toEqual([{ action_name: 'a', lines: ['previous: [redacted]'] }, { action_name: 'b', lines: ['previous: [redacted]'] }]);
    expect(JSON.stringify([first, second])).not.toMatch(/alpha-secret|bravo-secret/);
  });

  it('two draft tests of identical code in two actions do not share a warm context', async () => {
    const a = await drafts.test('twins', draft('draft-a', REMEMBERING, { KEY: 'alpha-draft-secret' }), {});
    const b = await drafts.test('twins', draft('draft-b', REMEMBERING, { KEY: 'bravo-draft-secret' }), {});
    expect(a.payload.logs).toEqual(['previous: undefined']);
    expect(b.payload.logs).toEqual(['previous: undefined']);
    const again = await drafts.test('twins', draft('draft-b', REMEMBERING, { KEY: 'bravo-draft-secret' }), {});
    expect(again.payload.logs).toEqual(['previous: [redacted]']);
    // the same action with a changed draft (here: its secrets) starts from a fresh context
    const changed = await drafts.test('twins', draft('draft-b', REMEMBERING, { KEY: 'changed-draft-secret' }), {});
    expect(changed.payload.logs).toEqual(['previous: undefined']);
  });
});
