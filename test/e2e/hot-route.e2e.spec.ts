/**
 * The execution route's fast paths keep the edge's behaviour: the body check answers the same 400s, the guard the
 * same 401/403, and /metrics still counts requests per route and status.
 */
import * as net from 'node:net';
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

describe('the execution fast lane answers what Fastify answers', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service.stop());

  /** The same request through the lane and (with a query string, which the lane leaves to Fastify) through Fastify. */
  const both = async (body: string | Buffer, headers: Record<string, string>, trigger = 'post-login') => {
    const send = async (query: string) => {
      const res = await fetch(`${service.baseUrl}/runtime/v1/triggers/${trigger}/executions${query}`, {
        method: 'POST',
        body,
        headers,
      });
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        authenticate: res.headers.get('www-authenticate'),
        body: JSON.parse(text) as Record<string, unknown>,
      };
    };
    return { lane: await send(''), fastify: await send('?via=fastify') };
  };

  it('the same status, content type and body for good and bad requests', async () => {
    const token = await service.token();
    const json = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const deep = '{"event":' + '{"a":'.repeat(40) + '1' + '}'.repeat(40) + '}';
    const cases: [string | Buffer, Record<string, string>, string?][] = [
      ['{"event":[]}', json],
      ['{"event":{},"extra":1}', json],
      ['{}', json],
      ['null', json],
      ['[]', json],
      ['"text"', json],
      ['{"event":', json],
      ['{"__proto__":{"x":1},"event":{}}', json],
      ['{"event":{"constructor":{"prototype":{"x":1}}}}', json],
      [deep, json],
      ['   ', json],
      [Buffer.from([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x7d]), json],
      ['{"event":{}}', json, 'no-such-trigger'],
      ['{"event":{}}', { 'content-type': 'application/json' }],
      ['{"event":{}}', { ...json, authorization: 'Bearer not-a-token' }],
      ['{"event":{}}', { ...json, authorization: `Bearer ${await service.token({ scope: 'read:actions' })}` }],
    ];
    for (const [body, headers, trigger] of cases) {
      const { lane, fastify } = await both(body, headers, trigger);
      expect({ case: String(body).slice(0, 60), ...lane }).toEqual({ case: String(body).slice(0, 60), ...fastify });
      expect(lane.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('a client that leaves in the middle of its body costs nothing: the next request is answered', async () => {
    const token = await service.token();
    const { hostname, port } = new URL(service.baseUrl);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(
          `POST /runtime/v1/triggers/post-login/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"event":',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on('error', reject);
    });
    const { lane } = await both('{"event":{}}', {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    expect(lane.status).toBe(200);
  });

  const laneCount = async () => {
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    return Number(/^http_execution_fast_lane_requests_total (\d+)$/m.exec(metrics)?.[1]);
  };

  it('a good execution: 200 with the record, through either', async () => {
    const token = await service.token();
    const before = await laneCount();
    const cases = [
      ['{"event":{"user":{"user_id":"u"}}}', 'application/json'],
      ['{"event":{"user":{"user_id":"u"}}}', 'application/json; charset=utf-8'],
      ['\ufeff{"event":{}}', 'application/json'], // a byte order mark is skipped
    ];
    for (const [body, type] of cases) {
      const { lane, fastify } = await both(body, { authorization: `Bearer ${token}`, 'content-type': type });
      expect([lane.status, lane.type, lane.body.status]).toEqual([200, 'application/json; charset=utf-8', 'final']);
      expect([fastify.status, fastify.type, fastify.body.status]).toEqual([lane.status, lane.type, 'final']);
    }
    expect((await laneCount()) - before).toBe(3); // the lane answered its three, Fastify the three with a query
  });
});
