/**
 * The baseline of bench/http.bench.ts: a bare node:http server, started as its own process exactly like the service
 * (node --no-node-snapshot <compiled file>, PORT and HOST from the environment). For any request it reads the body,
 * parses it when it is JSON, and answers 200 with a JSON body shaped and sized like an execution record of one
 * action, so the difference to the service is everything the service does beyond HTTP and JSON.
 */
import { randomUUID } from 'node:crypto';
import { serveJson } from './json-server';

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

serveJson('bare', (_request, raw) => {
  let body: { event?: unknown } | undefined;
  try {
    body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as { event?: unknown }) : undefined;
  } catch {
    return [400, '{"statusCode":400}'];
  }
  return [200, JSON.stringify(recordFor(body?.event))];
});
