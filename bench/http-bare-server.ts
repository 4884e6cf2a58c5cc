/**
 * The baseline of bench/http.bench.ts: a bare node:http server, started as its own process exactly like the service
 * (node --no-node-snapshot <compiled file>, PORT and HOST from the environment). For any request it reads the body,
 * parses it when it is JSON, and answers 200 with a JSON body shaped and sized like an execution record of one
 * action, so the difference to the service is everything the service does beyond HTTP and JSON.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

function recordFor(event: unknown) {
  const now = new Date().toISOString();
  const role =
    (event as { user?: { app_metadata?: { role?: unknown } } } | undefined)?.user?.app_metadata?.role ?? null;
  return {
    id: randomUUID().replace(/-/g, ''),
    trigger_id: 'post-login',
    status: 'final',
    results: [
      {
        action_name: 'bench-0',
        binding_id: 'bench-binding-000000000000',
        version_id: 'bench-version-000000000000',
        started_at: now,
        ended_at: now,
        response: { stats: { action_duration_ms: 0.25, boot_duration_ms: 0.01 } },
      },
    ],
    commands: [
      { action_name: 'bench-0', name: 'idToken.setCustomClaim', args: ['role', role] },
      { action_name: 'bench-0', name: 'accessToken.setCustomClaim', args: ['n', 0] },
    ],
    logs: [],
    created_at: now,
    updated_at: now,
  };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: { event?: unknown } | undefined;
    try {
      body =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event?: unknown }) : undefined;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"statusCode":400}');
      return;
    }
    const json = JSON.stringify(recordFor(body?.event));
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(port, host, () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ msg: 'bare server listening', port: address.port })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
