/**
 * api calls the sandbox answers itself (commands whose arguments it can check and whose effect cannot fail): the
 * same checks and messages as the host's checkArguments, the same recorded commands in the same order (also
 * interleaved with calls the host answers), and the execution's command budget applied as before.
 */
import { checkArguments, deferredForm, MethodSpec } from '../../src/runtime/api/api-spec';
import { API_SURFACE } from '../../src/runtime/api/api-surface';
import { ARGUMENT_CHECKS } from '../../src/runtime/sandbox/bootstrap';
import { handler, runtimeFixture } from './runtime-fixture';

type Checks = { checkedForm(m: unknown): unknown; checkArguments(m: unknown, args: unknown[]): string | undefined };
const sandboxChecks = new Function(
  'stringify',
  'isArray',
  'isFiniteNumber',
  'StringOf',
  `${ARGUMENT_CHECKS}\nreturn { checkedForm, checkArguments };`,
)(JSON.stringify, Array.isArray, Number.isFinite, String) as Checks;

const SAMPLES: unknown[] = [
  null,
  '',
  'x',
  'a'.repeat(41),
  0,
  1.5,
  -1,
  1_700_000_000_000,
  true,
  false,
  {},
  { type: 'otp' },
  { type: '' },
  { type: 3 },
  [],
  ['a'],
  ['a', 1],
  [{ type: 'x' }],
  [{ type: '' }],
  [{}],
  'rsa-sha256',
  'sha1',
  'invalid_scope',
];

describe('deferred api calls', () => {
  const all: MethodSpec[] = Object.values(API_SURFACE).flat();
  const deferrable = all.filter((m) => deferredForm(m));

  it('covers the plain commands and leaves queries, redirects and fallible effects to the host', () => {
    const paths = new Set(deferrable.map((m) => m.path));
    expect(paths.has('idToken.setCustomClaim')).toBe(true);
    expect(paths.has('access.deny')).toBe(true);
    expect(paths.has('user.setAppMetadata')).toBe(true);
    expect(paths.has('transaction.setMetadata')).toBe(false); // size limits: may answer an error
    expect(paths.has('authentication.setPrimaryUser')).toBe(false); // once per transaction
    expect(paths.has('redirect.sendUserTo')).toBe(false);
    expect(paths.has('redirect.encodeToken')).toBe(false);
    expect(paths.has('authentication.recordMethod')).toBe(false); // url parameter, phase check
  });

  it('checks arguments exactly like the host, message for message', () => {
    let compared = 0;
    for (const spec of deferrable) {
      const form = sandboxChecks.checkedForm(JSON.parse(JSON.stringify(deferredForm(spec))));
      const lists: unknown[][] = [[]];
      for (const a of SAMPLES) {
        lists.push([a]);
        for (const b of SAMPLES.slice(0, 12)) lists.push([a, b]);
      }
      for (const args of lists) {
        expect([spec.path, args, sandboxChecks.checkArguments(form, args)]).toEqual([
          spec.path,
          args,
          checkArguments(spec, args),
        ]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  describe('through the sandbox', () => {
    const fx = runtimeFixture();
    afterAll(() => fx.close());

    it('records deferred and host-answered calls in call order, and a bad argument still throws a TypeError', async () => {
      fx.bind('d1', 'post-login', [
        {
          name: 'mixed',
          code: handler(`
        api.idToken.setCustomClaim('a', 1).accessToken.setCustomClaim('b', 2);
        api.transaction.setMetadata('t', 'v');
        api.user.setAppMetadata('plan', 'pro');
        try { api.idToken.setCustomClaim('', 1); } catch (e) { api.idToken.setCustomClaim('error', e instanceof TypeError ? e.message : 'not a TypeError'); }
        api.multifactor.enable('any');`),
        },
        {
          name: 'next',
          code: handler(
            "api.idToken.setCustomClaim('plan', event.user.app_metadata.plan + '/' + event.transaction.metadata.t);",
          ),
        },
      ]);
      const r = await fx.executor.execute('d1', 'post-login', { user: {}, transaction: {} });
      expect(r.status).toBe('final');
      expect(r.commands.map((c) => [c.name, ...c.args])).toEqual([
        ['idToken.setCustomClaim', 'a', 1],
        ['accessToken.setCustomClaim', 'b', 2],
        ['transaction.setMetadata', 't', 'v'],
        ['user.setAppMetadata', 'plan', 'pro'],
        [
          'idToken.setCustomClaim',
          'error',
          'api.idToken.setCustomClaim(name, value): "name" must be a non-empty string, got ""',
        ],
        ['multifactor.enable', 'any'],
        ['idToken.setCustomClaim', 'plan', 'pro/v'],
      ]);
    });

    it('a deny stops the chain; calls before an error are kept', async () => {
      fx.bind('d2', 'post-login', [
        { name: 'denier', code: handler("api.idToken.setCustomClaim('x', 1); api.access.deny('no');") },
        { name: 'never', code: handler("api.idToken.setCustomClaim('ran', true);") },
      ]);
      const denied = await fx.executor.execute('d2', 'post-login', {});
      expect(denied.status).toBe('canceled');
      expect(denied.commands.map((c) => c.name)).toEqual(['idToken.setCustomClaim', 'access.deny']);

      fx.bind('d3', 'post-login', [
        { name: 'thrower', code: handler("api.idToken.setCustomClaim('before', 1); throw new Error('boom');") },
      ]);
      const failed = await fx.executor.execute('d3', 'post-login', {});
      expect(failed.status).toBe('partial');
      expect(failed.commands.map((c) => c.args)).toEqual([['before', 1]]);
    });

    it('a call past the command budget is answered by the host: the same TypeError, nothing recorded', async () => {
      fx.bind('d6', 'post-login', [
        {
          name: 'big',
          code: handler(`
        api.idToken.setCustomClaim('small', 1);
        let message = 'none';
        try { api.idToken.setCustomClaim('big', 'x'.repeat(2 * 1024 * 1024)); } catch (e) { message = e.message; }
        api.idToken.setCustomClaim('after', message.includes('EXECUTION_COMMANDS_MAX_BYTES'));`),
        },
      ]);
      const r = await fx.executor.execute('d6', 'post-login', {});
      expect(r.commands.map((c) => c.args)).toEqual([
        ['small', 1],
        ['after', true],
      ]);
    });

    it('many calls in one action are all recorded (handed over in chunks)', async () => {
      fx.bind('d5', 'post-login', [
        { name: 'chatty', code: handler("for (let i = 0; i < 2500; i++) api.idToken.setCustomClaim('c' + i, i);") },
      ]);
      const r = await fx.executor.execute('d5', 'post-login', {});
      expect(r.commands).toHaveLength(2500);
      expect(r.commands[2499].args).toEqual(['c2499', 2499]);
    });
  });
});
