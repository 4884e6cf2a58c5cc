/**
 * Outbound HTTP from actions against local node:http servers. EGRESS_ALLOW admits them; the default policy is
 * shown refusing loopback, 10.0.0.0/8 and the metadata address before any connection is made (for 10.x and
 * 169.254.x no packet is ever sent: those are IP literals, refused before a socket exists).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { compatFixture } from './compat-fixture';

interface Local {
  server: http.Server;
  url: string;
  port: number;
  connections: number;
  requests: string[];
}

async function localServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<Local> {
  const local = { connections: 0, requests: [] as string[] } as Local;
  local.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      local.requests.push(`${req.method} ${req.url}`);
      handle(req, res, body);
    });
  });
  local.server.on('connection', () => {
    local.connections++;
  });
  await new Promise<void>((r) => local.server.listen(0, '127.0.0.1', r));
  local.port = (local.server.address() as AddressInfo).port;
  local.url = `http://127.0.0.1:${local.port}`;
  return local;
}

const close = (l: Local) =>
  new Promise((r) => {
    l.server.closeAllConnections();
    l.server.close(r);
  });

describe('compat: outbound HTTP with EGRESS_ALLOW for local servers', () => {
  let api: Local;
  let other: Local;
  const c = compatFixture({ EGRESS_ALLOW: '127.0.0.1', EGRESS_MAX_REQUESTS: '6', EGRESS_MAX_RESPONSE_BYTES: '200000' });

  beforeAll(async () => {
    other = await localServer((req, res) => {
      res.end('other');
    });
    api = await localServer((req, res, body) => {
      const u = new URL(req.url!, 'http://x');
      if (u.pathname === '/json')
        return res
          .writeHead(200, { 'content-type': 'application/json', 'x-seen-auth': String(req.headers.authorization) })
          .end(JSON.stringify({ method: req.method, body, ct: req.headers['content-type'] }));
      if (u.pathname === '/gzip')
        return res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync('unzipped!'));
      if (u.pathname === '/redirect') return res.writeHead(302, { location: '/json' }).end();
      if (u.pathname === '/to-metadata')
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (u.pathname === '/to-loopback-v6')
        return res.writeHead(302, { location: `http://[::1]:${other.port}/` }).end();
      if (u.pathname === '/big') return res.end('x'.repeat(300_000));
      if (u.pathname === '/slow') return setTimeout(() => res.end('slow'), 400);
      if (u.pathname === '/hang') return undefined;
      res.writeHead(404).end('nope');
    });
  });
  afterAll(async () => {
    await c.close();
    await close(api);
    await close(other);
  });

  it('fetch: JSON POST, headers, status, redirects followed, gzip undone, and one log line per request (no bodies)', async () => {
    const r = await c.run(
      `
      const res = await fetch('${'${URL}'}/json', { method: 'POST', headers: { authorization: 'Bearer t' }, body: JSON.stringify({ a: 1 }) });
      const j = await res.json();
      console.log(res.status, res.headers.get('x-seen-auth'), j.method, j.body, j.ct);
      const red = await fetch('${'${URL}'}/redirect');
      console.log(red.redirected, red.url.endsWith('/json'), (await red.json()).method);
      console.log(await (await fetch('${'${URL}'}/gzip')).text(), (await fetch('${'${URL}'}/missing')).status);
    `.replaceAll('${URL}', api.url),
    );
    expect(r.error).toBeUndefined();
    expect(r.logs.filter((l) => !l.startsWith('[http]'))).toEqual([
      '200 Bearer t POST {"a":1} text/plain;charset=UTF-8',
      'true true GET',
      'unzipped! 404',
    ]);
    const http = r.logs.filter((l) => l.startsWith('[http]'));
    expect(http).toHaveLength(5);
    expect(http[0]).toMatch(/^\[http\] POST 127\.0\.0\.1 200 \d+ ms$/);
    expect(http.join('\n')).not.toMatch(/Bearer|"a":1|\/json/);
  });

  it('http and https modules: request/get over the same bridge', async () => {
    const r = await c.run(`
      const http = require('node:http');
      const body = await new Promise((resolve, reject) => {
        const req = http.request('${api.url}/json', { method: 'PUT', headers: { 'content-type': 'text/plain' } }, (res) => {
          let data = ''; res.setEncoding('utf8'); res.on('data', (d) => { data += d; }); res.on('end', () => resolve(res.statusCode + ' ' + res.headers['content-type'] + ' ' + data));
        });
        req.on('error', reject); req.write('hello '); req.end('world');
      });
      console.log(body);
      const got = await new Promise((resolve) => http.get({ host: '127.0.0.1', port: ${api.port}, path: '/gzip' }, (res) => { const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve(Buffer.concat(chunks).toString() + ' ' + (res.headers['content-encoding'] || 'identity'))); }));
      console.log(got);
      const redirect = await new Promise((resolve) => http.get('${api.url}/redirect', (res) => { res.resume(); resolve(res.statusCode + ' ' + res.headers.location); }));
      console.log(redirect);
    `);
    expect(r.error).toBeUndefined();
    expect(r.logs.filter((l) => !l.startsWith('[http]'))).toEqual([
      '200 application/json {"method":"PUT","body":"hello world","ct":"text/plain"}',
      'unzipped! identity',
      '302 /json',
    ]);
  });

  it('bounds per execution: request count and response bytes', async () => {
    const count = await c.run(`
      for (let i = 0; i < 7; i++) { try { await fetch('${api.url}/missing'); } catch (e) { console.log(i, e.message, e.cause && e.cause.message); } }`);
    expect(count.logs.filter((l) => !l.startsWith('[http]'))).toEqual([
      '6 fetch failed more than 6 outbound requests in one execution',
    ]);
    const bytes = await c.run(`try { await fetch('${api.url}/big'); } catch (e) { console.log(e.cause.message); }`);
    expect(bytes.logs.filter((l) => !l.startsWith('[http]'))).toEqual([
      'outbound responses exceeded 200000 bytes in one execution',
    ]);
  });

  it('AbortController aborts a request; a request that never answers ends with the execution time limit', async () => {
    const aborted = await c.run(`
      const ac = new AbortController(); setTimeout(() => ac.abort(), 20);
      try { await fetch('${api.url}/slow', { signal: ac.signal }); } catch (e) { console.log(e.name); }
      try { await fetch('${api.url}/slow', { signal: AbortSignal.timeout(20) }); } catch (e) { console.log(e.name); }`);
    expect(aborted.logs.filter((l) => !l.startsWith('[http]'))).toEqual(['AbortError', 'TimeoutError']);
    const hung = await c.run(`await fetch('${api.url}/hang'); console.log('never');`);
    expect(hung.error).toMatch(/time limit/);
  });

  it('each redirect hop is checked again (an allowed server redirecting to the metadata address or to loopback)', async () => {
    const before = other.connections;
    const r = await c.run(`
      try { await fetch('${api.url}/to-metadata'); } catch (e) { console.log(e.cause.message); }
      try { await fetch('${api.url}/to-loopback-v6'); } catch (e) { console.log(e.cause.message); }`);
    expect(r.logs.filter((l) => !l.startsWith('[http]'))).toEqual([
      'outbound request refused: 169.254.169.254 resolves to 169.254.169.254, a linkLocal address (not reachable from actions unless EGRESS_ALLOW lists it)',
      'outbound request refused: ::1 resolves to ::1, a loopback address (not reachable from actions unless EGRESS_ALLOW lists it)',
    ]);
    expect(other.connections).toBe(before);
  });
});

describe('compat: the default egress policy', () => {
  let local: Local;
  const c = compatFixture();
  beforeAll(async () => {
    local = await localServer((req, res) => res.end('reached'));
  });
  afterAll(async () => {
    await c.close();
    await close(local);
  });

  it('refuses 127.0.0.1, localhost, 10.0.0.0/8 and 169.254.169.254 before connecting', async () => {
    const r = await c.run(`
      for (const url of ['${local.url}/', 'http://localhost:${local.port}/', 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:${local.port}/', 'http://[::ffff:10.0.0.1]/', 'http://0.0.0.0:${local.port}/']) {
        try { await fetch(url); console.log('reached', url); } catch (e) { console.log(e.cause.code, e.cause.message.split(',')[0]); }
      }
      try { await new Promise((resolve, reject) => require('http').get('http://10.0.0.1/', resolve).on('error', reject)); } catch (e) { console.log('http module:', e.code); }`);
    expect(r.error).toBeUndefined();
    expect(r.logs.filter((l) => !l.startsWith('[http]'))).toEqual([
      'ERR_EGRESS_REFUSED outbound request refused: 127.0.0.1 resolves to 127.0.0.1',
      expect.stringMatching(/^ERR_EGRESS_REFUSED outbound request refused: localhost resolves to (127\.0\.0\.1|::1)$/),
      'ERR_EGRESS_REFUSED outbound request refused: 10.1.2.3 resolves to 10.1.2.3',
      'ERR_EGRESS_REFUSED outbound request refused: 169.254.169.254 resolves to 169.254.169.254',
      'ERR_EGRESS_REFUSED outbound request refused: ::1 resolves to ::1',
      'ERR_EGRESS_REFUSED outbound request refused: ::ffff:a00:1 resolves to 10.0.0.1',
      'ERR_EGRESS_REFUSED outbound request refused: 0.0.0.0 resolves to 0.0.0.0',
      'http module: ERR_EGRESS_REFUSED',
    ]);
    expect(r.logs.filter((l) => l.startsWith('[http]'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\[http\] GET 10\.1\.2\.3 refused \d+ ms$/)]),
    );
    expect(local.connections).toBe(0);
  });

  it('refuses non-http schemes', async () => {
    const r = await c.run(`try { await fetch('file:///etc/passwd'); } catch (e) { console.log(e.cause.code); }`);
    expect(r.logs.filter((l) => !l.startsWith('[http]'))).toEqual(['ERR_EGRESS_PROTOCOL']);
  });
});
