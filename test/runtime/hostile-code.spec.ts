/**
 * Hostile tenant code: each case is contained, its error is recorded in the execution, and the service keeps
 * serving others (a well-behaved tenant's execution runs right after, or at the same time, and is unaffected).
 */
import { handler, runtimeFixture } from './runtime-fixture';

describe('hostile code battery', () => {
  const f = runtimeFixture();
  const probe = handler(
    "api.idToken.setCustomClaim('ok', typeof Object.prototype.polluted + '/' + [1].push(2) + '/' + JSON.parse('[1]')[0]);",
  );
  beforeAll(() => f.bind('good', 'post-login', [{ name: 'probe', code: probe }]));
  afterAll(() => f.close());

  async function hostile(body: string, secrets?: Record<string, string>) {
    f.bind('evil', 'post-login', [{ name: 'evil', code: handler(body), secrets }]);
    const [evil, good] = await Promise.all([
      f.executor.execute('evil', 'post-login', {}),
      f.executor.execute('good', 'post-login', {}),
    ]);
    expect(good.status).toBe('final');
    expect(good.commands).toEqual([
      { action_name: 'probe', name: 'idToken.setCustomClaim', args: ['ok', 'undefined/2/1'] },
    ]);
    const after = await f.executor.execute('good', 'post-login', {});
    expect(after.commands).toEqual(good.commands);
    return evil;
  }

  it.each([
    [
      'require of a refused Node built-in',
      "require('fs').readFileSync('/etc/passwd')",
      /The module 'fs' is not available in actions/,
    ],
    [
      "process (the isolate's own, with no environment)",
      "if (Object.keys(process.env).length) throw new Error('env leak'); process.exit(1)",
      /process.exit\(1\) is not available in actions/,
    ],
    [
      'globalThis probing for host bridges',
      "const names = Object.getOwnPropertyNames(globalThis).filter((n) => /host|ivm|isolated|bridge|settle/i.test(n)); if (globalThis.__hostCall || globalThis.__hostLog || names.length) throw new Error('leak ' + names); throw new Error('clean');",
      /clean/,
    ],
    [
      'Function-constructor escape',
      "const p = this.constructor.constructor('return typeof require + JSON.stringify(process.env)')(); const q = (async () => {}).constructor('return typeof require')(); throw new Error(p + ' ' + String(q));",
      /undefined\{\}/,
    ],
    [
      'constructor chain from api',
      "const F = api.idToken.setCustomClaim.constructor; throw new Error(String(F('return typeof require + JSON.stringify(process.env)')()));",
      /undefined\{\}/,
    ],
    ['throwing a string', "throw 'just a string';", /just a string/],
    ['throwing null', 'throw null;', /null/],
    ['throwing an object', "throw { code: 42, why: 'object' };", /object/],
  ])('%s is contained', async (_name, body, message) => {
    const r = await hostile(body);
    expect(r.status).toBe('partial');
    expect(r.results[0].error?.msg).toMatch(message);
  });

  it('prototype pollution of builtins and of api reaches no other action or tenant, and api stays intact', async () => {
    const r = await hostile(`
      Object.prototype.polluted = 'yes'; Array.prototype.push = function () { return 'hijacked'; };
      JSON.parse = () => [666]; api.idToken.setCustomClaim('set', 'before');
      try { api.idToken.setCustomClaim = () => 'replaced'; api.idToken = {}; } catch (e) { /* frozen */ }
      const result = api.idToken.setCustomClaim('still', 'recorded');
      console.log(result === 'replaced' ? 'replaced' : 'intact');`);
    expect(r.status).toBe('final');
    expect(r.commands.map((c) => c.name)).toEqual(['idToken.setCustomClaim', 'idToken.setCustomClaim']);
    expect(r.logs[0].lines).toEqual(['intact']);
    const again = await f.executor.execute('evil', 'post-login', {});
    expect(again.commands).toHaveLength(2);
    // another action of the same tenant, bound after the polluter, sees clean builtins in the same execution
    f.bind('evil', 'post-login', [
      {
        name: 'polluter',
        code: handler("Object.prototype.polluted = 'yes'; Array.prototype.push = () => 0; JSON.parse = () => [666];"),
      },
      { name: 'probe', code: probe },
    ]);
    const mixed = await f.executor.execute('evil', 'post-login', {});
    expect(mixed.commands).toEqual([
      { action_name: 'probe', name: 'idToken.setCustomClaim', args: ['ok', 'undefined/2/1'] },
    ]);
  });

  it('an infinite loop ends with a timeout and the next execution of the same tenant works', async () => {
    const r = await hostile('for (;;) {}');
    expect(r.status).toBe('partial');
    expect(r.results[0].error).toEqual({ id: 'action_timeout', msg: expect.stringContaining('time limit') });
    f.bind('evil', 'post-login', [{ name: 'fine', code: handler("api.idToken.setCustomClaim('a', 1);") }]);
    expect((await f.executor.execute('evil', 'post-login', {})).status).toBe('final');
  });

  it('an endless async loop and a never-settling promise end with a timeout', async () => {
    expect((await hostile('for (;;) { await null; }')).results[0].error?.id).toBe('action_timeout');
    expect((await hostile('await new Promise(() => {});')).results[0].error?.id).toBe('action_timeout');
  });

  it('a memory bomb hits the memory cap and is contained', async () => {
    const r = await hostile("const hoard = []; for (;;) hoard.push(new Array(1e6).fill('x'));");
    expect(r.status).toBe('partial');
    expect(r.results[0].error?.msg).toMatch(/memory limit|time limit/);
  });

  it('huge console output is bounded and marked', async () => {
    const r = await hostile("for (let i = 0; i < 5000; i++) console.log('x'.repeat(10000));");
    expect(r.status).toBe('final');
    const lines = r.logs[0].lines;
    expect(lines.length).toBe(f.config.runtime.logLinesMax + 1);
    expect(lines[0]).toMatch(/truncated/);
    expect(lines[0].length).toBeLessThan(400);
    expect(lines[lines.length - 1]).toMatch(/more lines dropped/);
  });

  it("sees only its own version's secrets, never another action's or tenant's", async () => {
    f.bind('good', 'post-login', [
      { name: 'holder', code: handler(''), secrets: { THEIRS: 'other-tenant-secret' } },
      { name: 'probe', code: probe },
    ]);
    f.bind('evil', 'post-login', [
      { name: 'peer', code: handler(''), secrets: { PEER: 'peer-secret' } },
      {
        name: 'snoop',
        code: handler("api.idToken.setCustomClaim('seen', JSON.stringify(event.secrets));"),
        secrets: { MINE: 'mine' },
      },
    ]);
    const r = await f.executor.execute('evil', 'post-login', {});
    expect(r.commands).toEqual([
      { action_name: 'snoop', name: 'idToken.setCustomClaim', args: ['seen', '{"MINE":"mine"}'] },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/peer-secret|other-tenant-secret/);
    f.bind('good', 'post-login', [{ name: 'probe', code: probe }]);
  });
});
