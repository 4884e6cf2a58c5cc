/**
 * The execution route's fast paths keep the edge's behaviour: the body check answers the same 400s, the guard the
 * same 401/403, and /metrics still counts requests per route and status.
 */
import { RunningService, startService } from '../support/service-harness';

describe('execution route edges', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.stop());

  const post = async (body: string, token?: string) => {
    const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/post-login/executions`, {
      method: 'POST',
      body,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('valid bodies pass, invalid ones get the usual 400 messages; 401 and 403 as before; metrics count them', async () => {
    const token = await service.token();
    expect((await post('{"event":{"user":{}}}', token)).status).toBe(200);
    expect(await post('{"event":[]}', token)).toMatchObject({ status: 400, body: { errorCode: 'invalid_body' } });
    expect(await post('{"event":{},"extra":1}', token)).toMatchObject({
      status: 400,
      body: { message: "Payload validation error: 'Additional properties not allowed: extra' on property ." },
    });
    expect(await post('{}', token)).toMatchObject({ status: 400, body: { errorCode: 'invalid_body' } });
    expect((await post('{"event":{}}')).status).toBe(401);
    expect((await post('{"event":{}}', await service.token({ scope: 'read:actions' }))).status).toBe(403);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /http_requests_total\{method="POST",route="\/runtime\/v1\/triggers\/:triggerId\/executions",status="200"\} 1/,
    );
    expect(metrics).toMatch(
      /http_requests_total\{method="POST",route="\/runtime\/v1\/triggers\/:triggerId\/executions",status="400"\} 3/,
    );
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/runtime\/v1\/triggers\/:triggerId\/executions"\} 6/,
    );
  });
});
