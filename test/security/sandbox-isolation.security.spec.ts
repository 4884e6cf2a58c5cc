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
  const drafts = new DraftTester(
    f.config,
    f.sandbox,
    { artifactFor: (code, deps) => f.builder.artifactFor(code, deps) },
    f.cache,
    steppingClock(),
  );
  afterAll(() => f.close());

  const draft = (actionId: string, code: string, secrets: Record<string, string> = {}) => ({
    actionId,
    actionName: actionId,
    triggerId: 'post-login',
    code,
    dependencies: [],
    secrets,
  });

  it('two actions of one tenant with identical code do not share a warm context (live)', async () => {
    f.bind('twins', 'post-login', [
      { name: 'a', code: REMEMBERING, secrets: { KEY: 'alpha-secret-value' } },
      { name: 'b', code: REMEMBERING, secrets: { KEY: 'bravo-secret-value' } },
    ]);
    const first = await f.executor.execute('twins', 'post-login', {});
    expect(first.logs).toEqual([
      { action_name: 'a', lines: ['previous: undefined'] },
      { action_name: 'b', lines: ['previous: undefined'] },
    ]);
    // a warm context is still reused by the same version (its own secret, redacted)
    const second = await f.executor.execute('twins', 'post-login', {});
    expect(second.logs).toEqual([
      { action_name: 'a', lines: ['previous: [redacted]'] },
      { action_name: 'b', lines: ['previous: [redacted]'] },
    ]);
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

  const SECRET = 'hunter2-very-secret-value';

  it('redacts a secret from every string field of an error, the name included (live and draft)', async () => {
    const code = handler(`const e = new Error('message ' + event.secrets.S); e.name = event.secrets.S; throw e;`);
    f.bind('redact', 'post-login', [{ name: 'named', code, secrets: { S: SECRET } }]);
    const live = await f.executor.execute('redact', 'post-login', {});
    expect(live.results[0].error).toEqual({ id: 'action_error', msg: '[redacted]: message [redacted]' });
    expect(live.results[0].response?.error).toEqual({ name: '[redacted]', message: 'message [redacted]' });
    const test = await drafts.test('redact', draft('named', code, { S: SECRET }), {});
    expect(test.payload.error).toEqual({
      name: '[redacted]',
      message: 'message [redacted]',
      stack: expect.stringMatching(/^\[redacted\]: message \[redacted\]\n\s+at /),
    });
    expect(JSON.stringify([live, test])).not.toContain('hunter2');
  });

  it('redacts a secret echoed (JSON-escaped) by an api TypeError, in the error and in a log of it', async () => {
    const quoted = 'q"uo\\ted-secret';
    const code = handler(`try { api.access.deny(event.secrets.Q.length ? 1 : 0); } catch (e) { /* not this one */ }
      try { api.idToken.setCustomClaim(event.secrets.Q, 1); api.redirect.sendUserTo(event.secrets.Q); } catch (e) { console.log(e.message); throw e; }`);
    const test = await drafts.test('redact', draft('echo', code, { Q: quoted }), {});
    expect(test.payload.logs).toEqual([
      'api.redirect.sendUserTo(url, [options]): "url" must be an absolute http(s) URL, got "[redacted]"',
    ]);
    expect(test.payload.error?.message).toBe(
      'api.redirect.sendUserTo(url, [options]): "url" must be an absolute http(s) URL, got "[redacted]"',
    );
    expect(JSON.stringify(test.payload.error)).not.toContain('uo');
  });

  it('hides the first part of a secret that a log line or an error field cut in two', async () => {
    const lineMax = f.config.runtime.logLineMax;
    const code = handler(
      `console.log('x'.repeat(${lineMax - 10}) + event.secrets.S); throw new Error('y'.repeat(4090) + event.secrets.S);`,
    );
    const test = await drafts.test('redact', draft('cut', code, { S: SECRET }), {});
    expect(test.payload.logs[0]).toMatch(/^x+\[redacted\]… \[truncated \d+ chars\]$/);
    expect(test.payload.error?.message).toMatch(/^y+\[redacted\]… \[truncated \d+ chars\]$/);
    expect(JSON.stringify(test.payload)).not.toMatch(/hunte|unter2/);
  });

  it('errors name the action file only: no host path, no frame of the bootstrap, of isolated-vm or of the service', async () => {
    const cases = {
      'top-level throw': `throw new Error('at load');\n${handler('')}`,
      'syntax error': handler('const = 1;'),
      'runtime error': handler('function deep() { return null.x; }\ndeep();'),
      'api TypeError': handler("api.idToken.setCustomClaim('', 1);"),
      'rejected promise': handler("await Promise.reject(new TypeError('rejected'));"),
    };
    for (const [name, code] of Object.entries(cases)) {
      const test = await drafts.test('paths', draft(`paths-${name.replace(/ /g, '-').toLowerCase()}`, code), {});
      const error = test.payload.error!;
      const frames = error.stack.split('\n').filter((l) => /^\s+at /.test(l));
      for (const frame of frames) expect(frame).toMatch(/\(action:paths-[a-z-]+:\d+:\d+\)$/);
      if (name !== 'syntax error') expect(frames.length).toBeGreaterThan(0);
      expect(JSON.stringify(error)).not.toMatch(
        /bootstrap\.js|hardening\.js|isolated-vm|isolate-pool|tenant-isolate|context-boot|run-outcomes|series-steps|sandbox\.ts|sandbox\.js|node_modules/,
      );
      expect(JSON.stringify(error)).not.toContain(process.cwd());
    }
    // line numbers are those of the action's own code (the module wrapper adds none)
    const top = await drafts.test('paths', draft('paths-lines', `\n\nthrow new Error('line 3');\n${handler('')}`), {});
    expect(top.payload.error?.stack).toBe('Error: line 3\n    at Object.<anonymous> (action:paths-lines:3:7)');
  });

  it('bounds every error field, however large the thrown values', async () => {
    const code = handler(`const e = new Error('m'.repeat(5e6)); e.name = 'n'.repeat(1e6); throw e;`);
    f.bind('huge-error', 'post-login', [{ name: 'huge', code }]);
    const live = await f.executor.execute('huge-error', 'post-login', {});
    expect(live.results[0].response?.error?.name.length).toBeLessThan(300);
    expect(live.results[0].response?.error?.message.length).toBeLessThan(4200);
    expect(live.results[0].response?.error?.message).toMatch(/… \[truncated \d+ chars\]$/);
    const test = await drafts.test('huge-error', draft('huge', code), {});
    expect(JSON.stringify(test.payload).length).toBeLessThan(20_000);
  });

  it('a metadata key named __proto__ is an ordinary key of the event: no prototype of a host object changes', async () => {
    f.bind('proto', 'post-login', [
      {
        name: 'setter',
        code: handler(
          "api.user.setAppMetadata('__proto__', { isAdmin: true }); api.transaction.setMetadata('__proto__', 'x');",
        ),
      },
      {
        name: 'reader',
        code: handler(
          "api.idToken.setCustomClaim('seen', [typeof event.user.app_metadata.isAdmin, JSON.stringify(event.user.app_metadata), JSON.stringify(event.transaction.metadata)]);",
        ),
      },
    ]);
    const r = await f.executor.execute('proto', 'post-login', { user: { user_id: 'u1' } });
    expect(r.status).toBe('final');
    expect(r.commands.at(-1)?.args).toEqual([
      'seen',
      ['undefined', '{"__proto__":{"isAdmin":true}}', '{"__proto__":"x"}'],
    ]);
  });

  it("a stack the action logs itself shows the action's frames only, not the sandbox's scripts", async () => {
    const code = handler(`try { api.idToken.setCustomClaim('', 1); } catch (e) { console.log(e.stack); }
      try { new ArrayBuffer(0, { maxByteLength: 8 }); } catch (e) { console.log(e.stack); }`);
    const test = await drafts.test('paths', draft('paths-logged', code), {});
    expect(test.payload.logs).toHaveLength(2);
    for (const line of test.payload.logs) {
      expect(line).not.toMatch(/bootstrap\.js|hardening\.js|isolated-vm/);
      expect(line).toMatch(/\n {4}at exports\.onExecutePostLogin \(action:paths-logged:\d+:\d+\)/);
    }
  });
});
