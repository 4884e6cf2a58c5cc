/**
 * Slow tier: real npm packages installed from the registry by the build step (the real NpmInstaller and esbuild
 * bundling, the real load check), then run in the sandbox against a local stand-in server (EGRESS_ALLOW lets the
 * sandbox reach it). Installs are cached in the OS temp folder across runs (keyed by the dependency list), so a
 * rerun only bundles and executes. Excluded from `npm run test:quick` by its name.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { compatFixture } from './compat-fixture';

jest.setTimeout(900_000);

/** The build step's install folders, kept between runs so that a rerun installs nothing. */
const BUILD_DIR = path.join(os.tmpdir(), 'open-actions-compat-builds');

/** Dependency sets: one install each (packages that exist in two majors go in different sets). */
const MODERN = [
  { name: 'axios', version: '1.7.9' },
  { name: 'auth0', version: '4.37.0' },
  { name: 'jsonwebtoken', version: '9.0.2' },
  { name: 'jose', version: '5.9.6' },
  { name: 'node-fetch', version: '2.7.0' },
  { name: 'uuid', version: '9.0.1' },
  { name: 'lodash', version: '4.17.21' },
  { name: 'twilio', version: '5.4.0' },
  { name: '@aws-sdk/client-s3', version: '3.712.0' },
];
const OLDER = [
  { name: 'axios', version: '0.27.2' },
  { name: 'auth0', version: '7.1.0' },
  { name: 'node-fetch', version: '3.3.2' },
];

let server: http.Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const url = new URL(req.url!, 'http://stand-in');
      seen.push(`${req.method} ${url.pathname}`);
      const json = (status: number, v: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (url.pathname === '/oauth/token' && req.method === 'POST')
        return json(200, { access_token: 'mgmt-token', token_type: 'Bearer', expires_in: 86400, scope: 'read:users' });
      if (url.pathname.startsWith('/api/v2/users/')) {
        if (req.headers.authorization !== 'Bearer mgmt-token')
          return json(401, { statusCode: 401, error: 'Unauthorized', message: 'bad token' });
        return json(200, {
          user_id: decodeURIComponent(url.pathname.slice('/api/v2/users/'.length)),
          email: 'someone@example.com',
        });
      }
      if (url.pathname === '/todos/1') return json(200, { id: 1, title: 'stand-in', method: req.method, body });
      if (/^\/2010-04-01\/Accounts\/AC\w+\/Messages\.json$/.test(url.pathname)) {
        const auth = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ''), 'base64').toString();
        return json(201, {
          sid: 'SM123',
          status: 'queued',
          to: new URLSearchParams(body).get('To'),
          auth_ok: auth.startsWith('AC'),
        });
      }
      if (url.pathname === '/my-bucket/hello.txt' && req.method === 'GET') {
        const signed = String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/');
        return res
          .writeHead(signed ? 200 : 403, { 'content-type': 'text/plain', etag: '"e"' })
          .end(signed ? 'hello from s3' : 'unsigned');
      }
      json(404, { error: 'not found', path: url.pathname });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(r);
    }),
);

describe('compat (slow): real npm packages through the build step', () => {
  const c = compatFixture({
    EGRESS_ALLOW: '127.0.0.1',
    SANDBOX_MEMORY_MB: '128',
    EXECUTION_TIMEOUT_MS: '15000',
    BUILD_DIR,
  });
  afterAll(() => c.close());
  let n = 0;

  /** Builds `code` with `deps` through the real build step (install, bundle, load check), runs it, returns its log lines. */
  async function buildAndRun(deps: { name: string; version: string }[], body: string): Promise<string[]> {
    const code = `exports.onExecutePostLogin = async (event, api) => {\n${body.replaceAll('$BASE', base)}\n};`;
    const built = await c.f.builder.build({
      tenantId: 'pkgs',
      triggerId: 'post-login',
      code,
      dependencies: deps,
    } as never);
    expect(built).toMatchObject({ status: 'built' });
    n++;
    c.f.bind('pkgs', 'post-login', [{ name: `pkg${n}`, code, dependencies: deps }]);
    const r = await c.f.executor.execute('pkgs', 'post-login', {});
    expect(r.results[0]?.error).toBeUndefined();
    return (r.logs[0]?.lines ?? []).filter((l) => !l.startsWith('[http]') && !l.startsWith('[warn]'));
  }

  it('axios 1.x: GET and POST over the http adapter', async () => {
    expect(
      await buildAndRun(
        MODERN,
        `
      const axios = require('axios');
      const a = await axios.get('$BASE/todos/1');
      const b = await axios.post('$BASE/todos/1', { x: 1 });
      console.log(a.status, a.data.title, b.data.method, b.data.body);`,
      ),
    ).toEqual(['200 stand-in POST {"x":1}']);
  });

  it('axios 0.27', async () => {
    expect(
      await buildAndRun(
        OLDER,
        `
      const axios = require('axios');
      const r = await axios({ url: '$BASE/todos/1', method: 'put', data: 'plain' });
      let status; try { await axios.get('$BASE/missing'); } catch (e) { status = e.response.status; }
      console.log(r.data.method, r.data.body, status);`,
      ),
    ).toEqual(['PUT plain 404']);
  });

  it('auth0 v4 ManagementClient (client credentials, then users.get) against the stand-in', async () => {
    expect(
      await buildAndRun(
        MODERN,
        `
      const { ManagementClient } = require('auth0');
      const toStandIn = (url, init) => fetch(String(url).replace('https://tenant.example.com', '$BASE'), init);
      const mgmt = new ManagementClient({ domain: 'tenant.example.com', clientId: 'cid', clientSecret: 'secret', fetch: toStandIn });
      const user = await mgmt.users.get({ id: 'auth0|42' });
      console.log(user.data.user_id, user.data.email);`,
      ),
    ).toEqual(['auth0|42 someone@example.com']);
  });

  it('auth0 v7 ManagementClient', async () => {
    expect(
      await buildAndRun(
        OLDER,
        `
      const { ManagementClient } = require('auth0');
      const toStandIn = (url, init) => fetch(String(url).replace('https://tenant.example.com', '$BASE'), init);
      const mgmt = new ManagementClient({ domain: 'tenant.example.com', clientId: 'cid', clientSecret: 'secret', fetch: toStandIn });
      const user = await mgmt.users.get('auth0|7');
      console.log(user.user_id);`,
      ),
    ).toEqual(['auth0|7']);
  });

  it('jsonwebtoken (HS256 and RS256) and jose (SignJWT, jwtVerify, JWKS key import)', async () => {
    expect(
      await buildAndRun(
        MODERN,
        `
      const jwt = require('jsonwebtoken');
      const t = jwt.sign({ sub: 'u1' }, 'shhhhh-this-is-a-long-secret', { expiresIn: '1h', issuer: 'me' });
      console.log(jwt.verify(t, 'shhhhh-this-is-a-long-secret', { issuer: 'me' }).sub);
      const { generateKeyPairSync } = require('crypto');
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rs = jwt.sign({ sub: 'u2' }, privateKey.export({ format: 'pem', type: 'pkcs8' }), { algorithm: 'RS256' });
      console.log(jwt.verify(rs, publicKey.export({ format: 'pem', type: 'spki' })).sub);
      const jose = require('jose');
      const secret = new TextEncoder().encode('a-very-long-secret-for-hs256-tokens!');
      const signed = await new jose.SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(secret);
      const { payload } = await jose.jwtVerify(signed, secret);
      const { publicKey: ecPub, privateKey: ecPriv } = await jose.generateKeyPair('ES256');
      const es = await new jose.SignJWT({ a: 1 }).setProtectedHeader({ alg: 'ES256' }).sign(ecPriv);
      const jwk = await jose.exportJWK(ecPub);
      const verified = await jose.jwtVerify(es, await jose.importJWK(jwk, 'ES256'));
      console.log(payload.role, verified.payload.a, jwk.kty);`,
      ),
    ).toEqual(['u1', 'u2', 'admin 1 EC']);
  });

  it('node-fetch 2 and 3, uuid, lodash', async () => {
    expect(
      await buildAndRun(
        MODERN,
        `
      const fetch2 = require('node-fetch');
      const r = await fetch2('$BASE/todos/1', { method: 'POST', body: 'x' });
      const { v4, validate } = require('uuid'); const _ = require('lodash');
      console.log(r.status, (await r.json()).body, validate(v4()), _.chunk([1, 2, 3], 2).length, _.get({ a: { b: 5 } }, 'a.b'));`,
      ),
    ).toEqual(['200 x true 2 5']);
    expect(
      await buildAndRun(
        OLDER,
        `
      const { default: fetch3 } = await import('node-fetch');
      const r = await fetch3('$BASE/todos/1');
      console.log(r.ok, (await r.json()).title);`,
      ),
    ).toEqual(['true stand-in']);
  });

  it('twilio: client constructed, one request to the stand-in', async () => {
    expect(
      await buildAndRun(
        MODERN,
        `
      const twilio = require('twilio');
      const client = twilio('AC0123456789abcdef0123456789abcdef', 'token');
      const res = await client.request({ method: 'POST', uri: '$BASE/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json', data: { To: '+15550001111', From: '+15550002222', Body: 'hi' } });
      console.log(res.statusCode, res.body.sid || JSON.parse(res.body).sid);`,
      ),
    ).toEqual(['201 SM123']);
  });

  it('@aws-sdk/client-s3 v3: client constructed, one signed GetObject to the stand-in', async () => {
    expect(
      await buildAndRun(
        MODERN,
        `
      const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
      const s3 = new S3Client({ region: 'us-east-1', endpoint: '$BASE', forcePathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      const out = await s3.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'hello.txt' }));
      console.log(out.$metadata.httpStatusCode, await out.Body.transformToString());`,
      ),
    ).toEqual(['200 hello from s3']);
  });
});
