/**
 * The `api` object of each executable trigger, driven through the real executor and sandbox: every method the
 * trigger documents (docs/api.md) exists on `api` and nothing else does; calls with a missing or
 * ill-typed argument throw a TypeError inside the sandbox and record nothing; valid calls are recorded as commands
 * in call order (queries and api.cache answer values and record nothing). The tables below are written from the
 * spec, not derived from src/runtime/api, and the bad calls are generated from each parameter's type.
 */
import { ActionApiHost } from '../../src/runtime/api/api-host';
import { CacheSession } from '../../src/runtime/cache/cache-session';
import { runtimeFixture } from './runtime-fixture';

type Expect = 'recorded' | { error: RegExp } | { value: unknown };
type Row = [path: string, params: string, valid: unknown[], result?: Expect];
interface Call {
  path: string;
  args: unknown[];
  expect: Expect;
}

const T = Date.parse('2026-12-01T00:00:00.000Z');
const refused = (message: RegExp): Expect => ({ error: new RegExp(`^TypeError: .*${message.source}`) });
const query = (value: unknown): Expect => ({ value });

/** Values each parameter type must refuse (besides a missing argument, and null where the argument is required). */
const BAD: Record<string, unknown[]> = {
  text: ['', 42],
  string: [42, { a: 1 }],
  any: [],
  object: ['x', [1]],
  boolean: ['true', 1],
  number: ['5'],
  epoch: [0, -1, 'tomorrow'],
  primitive: [{ a: 1 }, [1]],
  url: ['ftp://files.example.com', 'not a url'],
  strings: ['a', [1]],
  factor: [{}, 'otp', { type: '' }],
  factors: [[], [{}], { type: 'otp' }],
  oneOf: ['other', 1],
};

const sessionLike = (ns: string, revoke: string, revokeArgs: unknown[]): Row[] => [
  [`${ns}.revoke`, revoke, revokeArgs],
  [`${ns}.setExpiresAt`, 'epoch', [T]],
  [`${ns}.setIdleExpiresAt`, 'epoch', [T]],
  [`${ns}.setMetadata`, 'text primitive', ['device', 'laptop']],
  [`${ns}.deleteMetadata`, 'text', ['device']],
  [`${ns}.evictMetadata`, '', []],
];
const SAML_TEXT = [
  'setAudience',
  'setIssuer',
  'setEncryptionPublicKey',
  'setEncryptionCert',
  'setRecipient',
  'setDestination',
  'setNameIdentifierFormat',
  'setAuthnContextClassRef',
  'setSigningCert',
  'setCert',
  'setKey',
];
const SAML_FLAGS = [
  'setCreateUpnClaim',
  'setPassthroughClaimsWithNoMapping',
  'setMapUnknownClaimsAsIs',
  'setMapIdentities',
  'setSignResponse',
  'setIncludeAttributeNameFormat',
  'setTypedAttributes',
];
const USER_METADATA: Row[] = [
  ['user.setAppMetadata', 'text any', ['plan', 'gold']],
  ['user.setUserMetadata', 'text any', ['theme', { dark: true }]],
];
const VALIDATION: Row = ['validation.error', 'text string', ['invalid_email', 'Use your work email']];
const TRANSACTION: Row[] = [
  ['transaction.setMetadata', 'text primitive', ['flow', 'login']],
  [
    'transaction.setMetadata',
    'text primitive',
    ['k'.repeat(65), 'v'],
    refused(/the key must be at most 64 characters/),
  ],
  [
    'transaction.setMetadata',
    'text primitive',
    ['big', 'x'.repeat(8 * 1024 + 1)],
    refused(/the value must be at most 8 KB/),
  ],
];

const SURFACES: Record<string, { handler: string; status: string; rows: Row[] }> = {
  'post-login': {
    handler: 'onExecutePostLogin',
    status: 'canceled',
    rows: [
      ['access.deny', 'string', ['blocked']],
      ['accessToken.setCustomClaim', 'text any', ['https://example.com/roles', ['admin']]],
      ['accessToken.addScope', 'text', ['read:all']],
      ['accessToken.removeScope', 'text', ['write:all']],
      ['authentication.challengeWith', 'factor object?', [{ type: 'otp' }, { additionalFactors: [{ type: 'email' }] }]],
      ['authentication.challengeWithAny', 'factors', [[{ type: 'otp' }, { type: 'email' }]]],
      ['authentication.enrollWith', 'factor object?', [{ type: 'webauthn-roaming' }, {}]],
      ['authentication.enrollWithAny', 'factors', [[{ type: 'otp' }]]],
      [
        'authentication.recordMethod',
        'url',
        ['https://idp.example.com'],
        refused(/only available in onContinuePostLogin/),
      ],
      ['authentication.setPrimaryUser', 'text', ['auth0|primary']],
      ['authentication.setPrimaryUser', 'text', ['auth0|again'], refused(/may be called only once per transaction/)],
      ['authentication.setPrimaryUser', 'text', ['x'.repeat(129)], refused(/at most 128 characters/)],
      ['idToken.setCustomClaim', 'text any', ['https://example.com/plan', 'gold']],
      ['multifactor.enable', 'text object?', ['duo', { allowRememberBrowser: true }]],
      ['prompt.render', 'text object?', ['prompt-id', { vars: { step: 1 } }]],
      ['redirect.sendUserTo', 'url object?', ['https://example.com/step', { query: { step: 'one' } }]],
      [
        'redirect.sendUserTo',
        'url object?',
        ['https://example.com/step', { query: 'step=one' }],
        refused(/options.query must be an object/),
      ],
      ['redirect.canRedirect', '', [], query(true)],
      [
        'redirect.encodeToken',
        'object',
        [{ secret: 's3cret', payload: { a: 1 } }],
        query(expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/)),
      ],
      ['redirect.encodeToken', 'object', [{ payload: {} }], refused(/options.secret must be a non-empty string/)],
      ['redirect.validateToken', 'object', [{ secret: 's3cret' }], refused(/no "session_token" parameter/)],
      ...sessionLike('refreshToken', 'string?', ['rotated']),
      ['rules.wasExecuted', 'text', ['rule-1'], query(true)],
      ['rules.wasExecuted', 'text', ['rule-2'], query(false)],
      ['samlResponse.setAttribute', 'text any', ['http://schemas.example.com/claims/role', 'admin']],
      ...SAML_TEXT.map((name): Row => [`samlResponse.${name}`, 'text', [`${name}-value`]]),
      ...SAML_FLAGS.map((name): Row => [`samlResponse.${name}`, 'boolean', [true]]),
      ['samlResponse.setRelayState', 'string', ['']],
      ['samlResponse.setLifetimeInSeconds', 'number', [3600]],
      ['samlResponse.setNameIdentifierProbes', 'strings', [['http://schemas.example.com/claims/email']]],
      ['samlResponse.setSignatureAlgorithm', 'oneOf', ['rsa-sha1']],
      ['samlResponse.setDigestAlgorithm', 'oneOf', ['sha256']],
      ...sessionLike('session', 'string? object?', ['suspicious', { preserveRefreshTokens: true }]),
      ...TRANSACTION,
      ...USER_METADATA,
      VALIDATION,
    ],
  },
  'credentials-exchange': {
    handler: 'onExecuteCredentialsExchange',
    status: 'canceled',
    rows: [
      ['access.deny', 'oneOf string?', ['invalid_scope', 'scope not allowed']],
      [
        'access.deny',
        'oneOf string?',
        ['unauthorized_client'],
        refused(/"code" must be one of "invalid_scope", "invalid_request", "server_error"/),
      ],
      ['accessToken.setCustomClaim', 'text any', ['https://example.com/tier', 2]],
      ...TRANSACTION,
    ],
  },
  'pre-user-registration': {
    handler: 'onExecutePreUserRegistration',
    status: 'canceled',
    rows: [
      ['access.deny', 'string string?', ['blocked domain', 'Sign-ups from this domain are closed']],
      ...USER_METADATA,
      VALIDATION,
    ],
  },
  'post-user-registration': { handler: 'onExecutePostUserRegistration', status: 'final', rows: [] },
  'post-change-password': { handler: 'onExecutePostChangePassword', status: 'final', rows: [] },
  'send-phone-message': { handler: 'onExecuteSendPhoneMessage', status: 'final', rows: [] },
};

/** api.cache on every trigger: answers values (errors are results, not throws) and records nothing. */
const CACHE_CALLS: Call[] = [
  { path: 'cache.set', args: [], expect: { value: { type: 'error', code: 'CacheKeySizeExceeded' } } },
  { path: 'cache.set', args: ['k', 42], expect: { value: { type: 'error', code: 'CacheValueSizeExceeded' } } },
  { path: 'cache.set', args: ['k', 'v', { ttl: 'soon' }], expect: { value: { type: 'error', code: 'InvalidExpiry' } } },
  {
    path: 'cache.set',
    args: ['k', 'v'],
    expect: { value: { type: 'success', record: { value: 'v', expires_at: expect.any(Number) } } },
  },
  { path: 'cache.get', args: ['k'], expect: { value: { value: 'v', expires_at: expect.any(Number) } } },
  { path: 'cache.get', args: [42], expect: { value: null } },
  { path: 'cache.delete', args: ['k'], expect: { value: { type: 'success' } } },
  { path: 'cache.delete', args: ['k'], expect: { value: { type: 'error', code: 'CacheKeyDoesNotExist' } } },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The calls of a table: per parameter a missing argument and each bad value, then the valid call (and without its optionals). */
function callsOf(rows: Row[]): Call[] {
  const calls: Call[] = [];
  for (const [path, params, valid, result] of rows) {
    const types = params.split(' ').filter(Boolean);
    const signature = `^TypeError: api\\.${escape(path)}\\(.*\\): `;
    types.forEach((type, i) => {
      const optional = type.endsWith('?');
      const base = optional ? type.slice(0, -1) : type;
      if (!optional)
        calls.push({
          path,
          args: valid.slice(0, i),
          expect: { error: new RegExp(`${signature}missing argument "\\w+"`) },
        });
      for (const bad of [...BAD[base], ...(optional || base === 'any' ? [] : [null])]) {
        calls.push({
          path,
          args: [...valid.slice(0, i), bad, ...valid.slice(i + 1)],
          expect: { error: new RegExp(`${signature}"\\w+" must be `) },
        });
      }
    });
    calls.push({ path, args: valid, expect: result ?? 'recorded' });
    const required = types.filter((t) => !t.endsWith('?')).length;
    if (!result && required < valid.length) calls.push({ path, args: valid.slice(0, required), expect: 'recorded' });
  }
  return calls;
}

const surfaceCode = (handler: string) => `exports.${handler} = async (event, api) => {
  const walk = (o, prefix) => Object.keys(o).flatMap((k) => (typeof o[k] === 'function' ? [prefix + k] : walk(o[k], prefix + k + '.')));
  console.log(JSON.stringify({ paths: walk(api, ''), frozen: Object.keys(api).every((k) => Object.isFrozen(api[k]) && !Object.getOwnPropertyDescriptor(api, k).writable && !Object.getOwnPropertyDescriptor(api, k).configurable) && Object.isFrozen(api.cache) }));
  for (const [path, args] of event.calls) {
    const fn = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), api);
    let out;
    try { const r = fn(...args); out = r === api ? { chained: true } : { value: r === undefined ? null : r }; }
    catch (e) { out = { error: e.name + ': ' + e.message }; }
    console.log(JSON.stringify(out));
  }
};`;

const outcomeOf = (e: Expect) =>
  e === 'recorded' ? { chained: true } : 'error' in e ? { error: expect.stringMatching(e.error) } : e;

describe('api surface per trigger (through the sandbox)', () => {
  const f = runtimeFixture({ LOG_LINE_MAX: '65536', LOG_LINES_MAX: '10000', EXECUTION_TIMEOUT_MS: '10000' });
  afterAll(() => f.close());

  it.each(Object.keys(SURFACES))(
    '%s: exactly its methods exist; bad calls throw TypeError; valid calls are recorded in order',
    async (trigger) => {
      const { handler, status, rows } = SURFACES[trigger];
      const calls = [...callsOf(rows), ...CACHE_CALLS];
      const tenant = `surface-${trigger}`;
      f.bind(tenant, trigger, [{ name: 'surface', code: surfaceCode(handler) }]);
      const event = {
        user: { user_id: 'auth0|ada' },
        transaction: { protocol: 'oidc-basic-profile' },
        rules_executed: ['rule-1'],
        calls: calls.map((c) => [c.path, c.args]),
      };
      const record = await f.executor.execute(tenant, trigger, event);
      expect(record.results[0].error).toBeUndefined();
      const [first, ...lines] = record.logs[0].lines;
      const expectedPaths = [
        ...new Set([...rows.map(([path]) => path), 'cache.get', 'cache.set', 'cache.delete']),
      ].sort();
      expect(JSON.parse(first)).toEqual({ paths: expect.any(Array), frozen: true });
      expect([...JSON.parse(first).paths].sort()).toEqual(expectedPaths);
      expect(lines).toHaveLength(calls.length);
      expect(calls.map((c, i) => [c.path, c.args, JSON.parse(lines[i])])).toEqual(
        calls.map((c) => [c.path, c.args, outcomeOf(c.expect)]),
      );
      const recorded = calls
        .filter((c) => c.expect === 'recorded')
        .map((c) => ({ action_name: 'surface', name: c.path, args: c.args }));
      expect(record.commands).toEqual(recorded);
      expect(record.status).toBe(status);
    },
  );

  it('names the signature and the offending argument; non-JSON arguments; chaining records in order', async () => {
    f.bind('messages', 'post-login', [
      {
        name: 'messages',
        code: `exports.onExecutePostLogin = async (event, api) => {
      const tries = [() => api.idToken.setCustomClaim('claim'), () => api.session.revoke(42), () => api.samlResponse.setSignatureAlgorithm('md5'),
        () => { const loop = {}; loop.self = loop; api.idToken.setCustomClaim('loop', loop); }, () => api.accessToken.addScope(() => 'scope')];
      for (const t of tries) { try { t(); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); } }
      api.idToken.setCustomClaim('a', 1).accessToken.setCustomClaim('b', 2n).user.setAppMetadata('gone', undefined);
    };`,
      },
    ]);
    const record = await f.executor.execute('messages', 'post-login', {});
    expect(record.logs[0].lines).toEqual([
      'TypeError: api.idToken.setCustomClaim(name, value): missing argument "value" (a value)',
      'TypeError: api.session.revoke([reason], [options]): "reason" must be a string, got number 42',
      'TypeError: api.samlResponse.setSignatureAlgorithm(algorithm): "algorithm" must be one of "rsa-sha256", "rsa-sha1", got "md5"',
      'TypeError: api.idToken.setCustomClaim: the arguments must be JSON-serialisable',
      'TypeError: api.accessToken.addScope(scope): "scope" must be a non-empty string, got null',
    ]);
    expect(record.commands).toEqual([
      { action_name: 'messages', name: 'idToken.setCustomClaim', args: ['a', 1] },
      { action_name: 'messages', name: 'accessToken.setCustomClaim', args: ['b', '2'] },
      { action_name: 'messages', name: 'user.setAppMetadata', args: ['gone', null] },
    ]);
  });

  it('the host refuses a method of another trigger and records nothing', () => {
    const flow = { event: {}, phase: 'execute' as const, now: () => T, facts: new Set<string>() };
    const host = new ActionApiHost(
      'post-user-registration',
      'x',
      flow,
      new CacheSession(new Map(), f.config.cache, () => T),
    );
    expect(host.call('access.deny', ['no'])).toEqual({
      error: 'api.access.deny is not available in the post-user-registration trigger',
    });
    expect(host.methodPaths()).toEqual(['cache.get', 'cache.set', 'cache.delete']);
    expect(host.commands).toEqual([]);
    expect(host.stop).toBeUndefined();
  });
});
