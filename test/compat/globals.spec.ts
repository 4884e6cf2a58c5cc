/**
 * Node 20/22 globals inside the sandbox: each one used the way actions use it.
 */
import { compatFixture } from './compat-fixture';

describe('compat: globals', () => {
  const c = compatFixture();
  afterAll(() => c.close());

  it('Buffer (with base64url, hex, latin1, concat, compare, readUInt32BE)', () =>
    c.expectLines(
      `
    const b = Buffer.from('héllo wörld');
    console.log(b.length, b.toString('hex').slice(0, 8), b.toString('base64'), Buffer.from(b.toString('base64url'), 'base64url').toString());
    console.log(Buffer.concat([Buffer.from([1, 2]), Buffer.alloc(2, 255)]).readUInt32BE(0), Buffer.compare(Buffer.from('a'), Buffer.from('b')), Buffer.isBuffer(b), b instanceof Uint8Array);
    console.log(Buffer.from('ÿ', 'latin1')[0], Buffer.byteLength('€'), JSON.stringify(Buffer.from('ab')));
  `,
      [
        '13 68c3a96c aMOpbGxvIHfDtnJsZA== héllo wörld',
        '16973823 -1 true true',
        '255 3 {"type":"Buffer","data":[97,98]}',
      ],
    ));

  it('URL and URLSearchParams', () =>
    c.expectLines(
      `
    const u = new URL('/path/ä?x=1&y=a+b#frag', 'https://user:pw@Example.COM:8443/base');
    console.log(u.href, u.origin, u.hostname, u.port, u.pathname, u.searchParams.get('y'), u.hash);
    u.searchParams.append('z', 'c d'); u.pathname = '/other'; u.hash = '';
    console.log(u.toString(), String(new URLSearchParams({ a: '1', b: 'x y' })), [...new URLSearchParams('a=1&a=2').getAll('a')].join());
    let threw = false; try { new URL('not a url'); } catch (e) { threw = e instanceof TypeError && e.code === 'ERR_INVALID_URL'; }
    console.log(threw, URL.canParse('https://x'), JSON.stringify({ u: new URL('http://a.b') }), new URL('http://xn--nxasmq6b.com').hostname, new URL('http://ÄÖ.com').hostname);
  `,
      [
        'https://user:pw@example.com:8443/path/%C3%A4?x=1&y=a+b#frag https://example.com:8443 example.com 8443 /path/%C3%A4 a b #frag',
        'https://user:pw@example.com:8443/other?x=1&y=a+b&z=c+d a=1&b=x+y 1,2',
        'true true {"u":"http://a.b/"} xn--nxasmq6b.com xn--4ca0b.com',
      ],
    ));

  it('TextEncoder, TextDecoder, atob, btoa', () =>
    c.expectLines(
      `
    const bytes = new TextEncoder().encode('a€😀');
    console.log(Array.from(bytes).join(','), new TextDecoder().decode(bytes), new TextDecoder('utf-16le').decode(new Uint8Array([104, 0, 105, 0])));
    let fatal = false; try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { fatal = e instanceof TypeError; }
    console.log(fatal, btoa('hello'), atob('aGVsbG8='), atob(btoa(String.fromCharCode(0, 255))).charCodeAt(1));
  `,
      ['97,226,130,172,240,159,152,128 a€😀 hi', 'true aGVsbG8= hello 255'],
    ));

  it('structuredClone keeps Dates, Maps, Sets, cycles and typed arrays, and refuses functions', () =>
    c.expectLines(
      `
    const o = { d: new Date(0), m: new Map([[1, { x: 1 }]]), s: new Set([1]), u: new Uint8Array([1, 2]) }; o.self = o;
    const k = structuredClone(o);
    console.log(k !== o, k.self === k, k.d instanceof Date && k.d.getTime(), k.m.get(1).x, k.s.has(1), k.u[1], k.u !== o.u);
    try { structuredClone({ f() {} }); } catch (e) { console.log(e.name); }
  `,
      ['true true 0 1 true 2 true', 'DataCloneError'],
    ));

  it('AbortController, AbortSignal.timeout/any, Event, EventTarget', () =>
    c.expectLines(
      `
    const t = new EventTarget(); let got = '';
    t.addEventListener('ping', (e) => { got += e.type + ':' + (e.target === t); }, { once: true });
    t.dispatchEvent(new Event('ping')); t.dispatchEvent(new Event('ping'));
    const ac = new AbortController(); ac.signal.addEventListener('abort', () => { got += ' aborted'; }); ac.abort();
    console.log(got, ac.signal.aborted, ac.signal.reason.name);
    const s = AbortSignal.timeout(10);
    await new Promise((r) => s.addEventListener('abort', r));
    console.log(s.reason.name, AbortSignal.any([AbortSignal.abort('x')]).reason, typeof DOMException);
  `,
      ['ping:true aborted true AbortError', 'TimeoutError x function'],
    ));

  it('timers: setTimeout/clearTimeout, setInterval, setImmediate, queueMicrotask, process.nextTick, and their Timeout objects', () =>
    c.expectLines(
      `
    const order = [];
    const t = setTimeout(() => order.push('cleared'), 5); clearTimeout(t);
    queueMicrotask(() => order.push('micro')); process.nextTick(() => order.push('tick'));
    await new Promise((r) => setImmediate(r)); order.push('immediate');
    let n = 0; await new Promise((r) => { const i = setInterval(() => { if (++n === 3) { clearInterval(i); r(); } }, 1); });
    const started = Date.now(); await new Promise((r) => setTimeout(r, 30)); const waited = Date.now() - started;
    const h = setTimeout(() => {}, 1); 
    console.log(order.join(','), n, waited >= 25, typeof h.ref, typeof h.unref, h.hasRef(), typeof +h, Object.getPrototypeOf(h).constructor.name);
    clearTimeout(h);
    console.log(await require('timers/promises').setTimeout(1, 'v'));
  `,
      ['micro,tick,immediate 3 true function function true number Timeout', 'v'],
    ));

  it('a timer past the deadline never fires, and one left pending does not fire into the next execution', async () => {
    const r = await c.run(`setTimeout(() => console.log('late'), 1); console.log('done');`);
    expect(r.logs).toEqual(['done']);
    const again = await c.run(`await new Promise((r) => setTimeout(r, 20)); console.log('second');`);
    expect(again.logs).toEqual(['second']);
    const timeout = await c.run(`await new Promise((r) => setTimeout(r, 60000)); console.log('never');`);
    expect(timeout.error).toMatch(/time limit/);
  });

  it('fetch family without network: Headers, Request, Response, FormData, Blob', () =>
    c.expectLines(
      `
    const h = new Headers({ 'X-A': '1' }); h.append('x-a', '2'); h.set('Content-Type', 'text/plain');
    console.log(h.get('x-a'), [...h.keys()].join(), h.has('CONTENT-TYPE'));
    const res = new Response(JSON.stringify({ ok: 1 }), { status: 201, headers: { 'content-type': 'application/json' } });
    console.log(res.status, res.ok, (await res.clone().json()).ok, await res.text(), res.bodyUsed);
    const req = new Request('https://example.com/x', { method: 'POST', body: new URLSearchParams({ a: 'b' }) });
    console.log(req.method, req.headers.get('content-type'), await req.text());
    const fd = new FormData(); fd.append('k', 'v'); fd.append('f', new Blob(['hi'], { type: 'text/plain' }), 'f.txt');
    const blob = new Blob(['ab', new Uint8Array([99])]);
    console.log(fd.get('k'), fd.get('f').name, blob.size, await blob.text(), typeof fetch, (await Response.json({ a: 1 }).json()).a);
    const reader = new Response('stream me').body.getReader(); const { value } = await reader.read();
    console.log(new TextDecoder().decode(value));
  `,
      [
        '1, 2 content-type,x-a true',
        '201 true 1 {"ok":1} true',
        'POST application/x-www-form-urlencoded;charset=UTF-8 a=b',
        'v f.txt 3 abc function 1',
        'stream me',
      ],
    ));

  it('crypto global: getRandomValues, randomUUID, subtle.digest/HMAC/RSA/ECDSA', () =>
    c.expectLines(
      `
    const a = crypto.getRandomValues(new Uint8Array(16));
    console.log(a.length, a.some((x) => x !== 0), /^[0-9a-f-]{36}$/.test(crypto.randomUUID()));
    const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
    console.log(Buffer.from(d).toString('hex'));
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('secret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    const sig = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('msg'));
    console.log(Buffer.from(sig).toString('hex') === require('crypto').createHmac('sha256', 'secret').update('msg').digest('hex'), await crypto.subtle.verify('HMAC', key, sig, new TextEncoder().encode('msg')), key instanceof CryptoKey, key.algorithm.name);
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const es = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, new Uint8Array([1]));
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    console.log(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, es, new Uint8Array([1])), jwk.kty, jwk.crv);
    try { await crypto.subtle.exportKey('jwk', key); } catch (e) { console.log(e.name); }
    const pw = await crypto.subtle.importKey('raw', new TextEncoder().encode('pw'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
    const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', salt: new Uint8Array(8), iterations: 1000, hash: 'SHA-256' }, pw, 256);
    const aes = await crypto.subtle.deriveKey({ name: 'PBKDF2', salt: new Uint8Array(8), iterations: 1000, hash: 'SHA-256' }, pw, { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    const iv = new Uint8Array(12); const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, new TextEncoder().encode('sealed'));
    console.log(Buffer.from(bits).toString('hex') === require('crypto').pbkdf2Sync('pw', Buffer.alloc(8), 1000, 32, 'sha256').toString('hex'), new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aes, ct)));
  `,
      [
        '16 true true',
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        'true true true HMAC',
        'true EC P-256',
        'InvalidAccessError',
        'true sealed',
      ],
    ));

  it('performance.now, process (empty env, nextTick, version, versions, platform), global, navigator', () =>
    c.expectLines(
      `
    const t0 = performance.now(); const t1 = performance.now();
    console.log(typeof t0, t1 >= t0, JSON.stringify(process.env), process.version.startsWith('v22'), process.versions.node.split('.')[0], process.platform, global === globalThis, typeof process.hrtime.bigint());
    try { process.exit(0); } catch (e) { console.log(e.message); }
  `,
      [
        'number true {} true 22 linux true bigint',
        'process.exit(0) is not available in actions: return from the handler instead',
      ],
    ));
});

describe('compat: the api object as real actions use it', () => {
  const c = compatFixture();
  afterAll(() => c.close());

  it('api.access.deny(err) with an Error object denies with its message', async () => {
    c.f.bind('api', 'post-login', [
      {
        name: 'deny',
        code: `exports.onExecutePostLogin = async (event, api) => { api.access.deny(new Error('blocked by policy')); };`,
      },
    ]);
    const r = await c.f.executor.execute('api', 'post-login', {});
    expect(r.status).toBe('canceled');
    expect(r.commands).toEqual([{ action_name: 'deny', name: 'access.deny', args: ['blocked by policy'] }]);
  });

  it('an action may add helpers to api (per execution); the namespaces stay fixed', async () => {
    c.f.bind('api', 'post-login', [
      {
        name: 'extend',
        code: `
      exports.onExecutePostLogin = async (event, api) => {
        console.log(typeof api.noop);
        api.noop = api.noop || (() => 'noop'); api.helpers = { x: 1 };
        const before = api.idToken;
        try { api.idToken = {}; } catch (e) { console.log(e.constructor.name); }
        try { api.idToken.setCustomClaim = () => 'replaced'; } catch (e) { console.log(e.constructor.name); }
        (function () { 'use strict'; try { api.cache = {}; } catch (e) { console.log(e.constructor.name); } })();
        console.log(api.noop(), api.idToken === before, api.idToken.setCustomClaim('a', 1) === api);
      };`,
      },
    ]);
    const first = await c.f.executor.execute('api', 'post-login', {});
    expect(first.results[0].error).toBeUndefined();
    expect(first.logs[0].lines).toEqual(['undefined', 'TypeError', 'noop true true']);
    const second = await c.f.executor.execute('api', 'post-login', {});
    expect(second.logs[0].lines[0]).toBe('undefined');
  });

  it('password-reset-post-challenge executes with its api (deny, challengeWith, redirect and cache)', async () => {
    c.f.bind('api', 'password-reset-post-challenge', [
      {
        name: 'prpc',
        code: `
      exports.onExecutePostChallenge = async (event, api) => {
        console.log(Object.keys(api).sort().join(), typeof api.user);
        api.authentication.challengeWith({ type: 'otp' });
        api.cache.set('k', 'v');
        if (event.user.email.endsWith('@blocked.example')) api.access.deny(new Error('reset not allowed'));
      };`,
      },
    ]);
    const ok = await c.f.executor.execute('api', 'password-reset-post-challenge', { user: { email: 'a@example.com' } });
    expect(ok.status).toBe('final');
    expect(ok.logs[0].lines).toEqual(['access,authentication,cache,redirect undefined']);
    expect(ok.commands).toEqual([
      { action_name: 'prpc', name: 'authentication.challengeWith', args: [{ type: 'otp' }] },
    ]);
    const denied = await c.f.executor.execute('api', 'password-reset-post-challenge', {
      user: { email: 'a@blocked.example' },
    });
    expect(denied.status).toBe('canceled');
    expect(denied.commands.at(-1)).toEqual({ action_name: 'prpc', name: 'access.deny', args: ['reset not allowed'] });
  });
});

describe('compat: api.prompt.render suspends the flow until onContinuePostLogin', () => {
  const c = compatFixture();
  afterAll(() => c.close());

  it('the execution suspends with the prompt and its state; continuing runs onContinuePostLogin with the answers, then the rest', async () => {
    c.f.bind('prompt', 'post-login', [
      {
        name: 'form',
        code: `
        exports.onExecutePostLogin = async (event, api) => { api.prompt.render('ap_form1', { vars: { step: 1 } }); };
        exports.onContinuePostLogin = async (event, api) => { api.idToken.setCustomClaim('answer', event.prompt.fields.answer); };`,
      },
      {
        name: 'after',
        code: `exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('after', true); };`,
      },
    ]);
    const suspended = await c.f.executor.execute('prompt', 'post-login', { user: { user_id: 'auth0|1' } });
    expect(suspended.status).toBe('suspended');
    expect(suspended.prompt).toEqual({ id: 'ap_form1', state: expect.any(String), options: { vars: { step: 1 } } });
    expect(suspended.redirect).toBeUndefined();
    expect(suspended.results).toHaveLength(1);
    const done = await c.f.executor.resume('prompt', suspended.id, suspended.prompt!.state, {
      prompt: { fields: { answer: '42' } },
    });
    expect(done.status).toBe('final');
    expect(done.prompt).toBeUndefined();
    expect(done.commands.slice(-2)).toEqual([
      { action_name: 'form', name: 'idToken.setCustomClaim', args: ['answer', '42'] },
      { action_name: 'after', name: 'accessToken.setCustomClaim', args: ['after', true] },
    ]);
    await expect(c.f.executor.resume('prompt', suspended.id, suspended.prompt!.state, {})).rejects.toThrow();
  });

  it('a deny in the same action outranks the prompt', async () => {
    c.f.bind('prompt', 'post-login', [
      {
        name: 'both',
        code: `exports.onExecutePostLogin = async (event, api) => { api.prompt.render('f'); api.access.deny('no'); };`,
      },
    ]);
    const r = await c.f.executor.execute('prompt', 'post-login', {});
    expect(r.status).toBe('canceled');
    expect(r.prompt).toBeUndefined();
  });
});

describe('compat: errors thrown in timer callbacks', () => {
  const c = compatFixture();
  afterAll(() => c.close());

  it('are logged and the execution goes on', async () => {
    const r = await c.run(
      `setTimeout(() => { throw new Error('boom in timer'); }, 1); await new Promise((r) => setTimeout(r, 10)); console.log('still running');`,
    );
    expect(r.error).toBeUndefined();
    expect(r.logs[0]).toMatch(/^\[error\] Uncaught exception in a timer callback: Error: boom in timer/);
    expect(r.logs.at(-1)).toBe('still running');
  });
});
