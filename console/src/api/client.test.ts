import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './client';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each call and answers from a queue of [status, body, headers]. */
function fakeFetch(answers: [number, unknown, Record<string, string>?][]) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const [status, body, headers] = answers.shift() ?? [500, { message: 'no answer queued' }];
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const headerOf = (call: Call, name: string) => new Headers(call.init.headers).get(name);

describe('ApiClient', () => {
  it('sends the token, and answers the body with its ETag', async () => {
    const { calls, fetchImpl } = fakeFetch([[200, { id: 'a1', name: 'x' }, { etag: '"3"' }]]);
    const api = new ApiClient({ apiBase: '/api/v2', token: () => 'tok', fetch: fetchImpl });
    const got = await api.getAction('a 1/2');
    expect(got).toEqual({ data: { id: 'a1', name: 'x' }, etag: '"3"' });
    expect(calls[0].url).toBe('/api/v2/actions/actions/a%201%2F2');
    expect(headerOf(calls[0], 'authorization')).toBe('Bearer tok');
  });

  it('pins writes with If-Match and sends JSON', async () => {
    const { calls, fetchImpl } = fakeFetch([[200, { bindings: [] }, { etag: '"5"' }]]);
    const api = new ApiClient({ apiBase: '/api/v2', token: () => 'tok', fetch: fetchImpl });
    const updates = [
      { ref: { type: 'action_id' as const, value: 'b' } },
      { ref: { type: 'action_id' as const, value: 'a' } },
    ];
    const result = await api.updateBindings('post-login', updates, '"4"');
    expect(result).toEqual({ data: [], etag: '"5"' });
    expect(calls).toHaveLength(1);
    expect(calls[0].init.method).toBe('PATCH');
    expect(headerOf(calls[0], 'if-match')).toBe('"4"');
    expect(headerOf(calls[0], 'content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ bindings: updates });
  });

  it("decodes Auth0's error body; a 412 is stale", async () => {
    const { fetchImpl } = fakeFetch([
      [412, { statusCode: 412, error: 'Precondition Failed', message: 'stale', errorCode: 'precondition_failed' }],
    ]);
    const api = new ApiClient({ apiBase: '/api/v2', token: () => 'tok', fetch: fetchImpl });
    const error = await api.updateBindings('post-login', [], '"1"').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 412, message: 'stale', errorCode: 'precondition_failed', isStale: true });
  });

  it('tells the app when the token is refused', async () => {
    const { fetchImpl } = fakeFetch([[401, { statusCode: 401, error: 'Unauthorized', message: 'expired' }]]);
    let refused = 0;
    const api = new ApiClient({ apiBase: '', token: () => 'old', fetch: fetchImpl, onUnauthorized: () => refused++ });
    await expect(api.listTriggers()).rejects.toMatchObject({ status: 401, message: 'expired' });
    expect(refused).toBe(1);
  });

  it('reads every page of a list', async () => {
    const page0 = Array.from({ length: 100 }, (_, i) => ({ id: `a${i}` }));
    const { calls, fetchImpl } = fakeFetch([
      [200, { actions: page0, total: 101, per_page: 100 }],
      [200, { actions: [{ id: 'a100' }], total: 101, page: 1, per_page: 100 }],
    ]);
    const api = new ApiClient({ apiBase: '/api/v2', token: () => 't', fetch: fetchImpl });
    const actions = await api.listActions();
    expect(actions.map((a) => a.id)).toEqual([...page0.map((a) => a.id), 'a100']);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v2/actions/actions?page=0&per_page=100',
      '/api/v2/actions/actions?page=1&per_page=100',
    ]);
  });

  it('runs a draft test with the event under payload, and rolls back with update_draft', async () => {
    const { calls, fetchImpl } = fakeFetch([
      [200, { payload: { commands: [{ name: 'idToken.setCustomClaim', args: ['a', 1] }], logs: ['hi'] } }],
      [200, { id: 'v3', number: 3 }],
    ]);
    const api = new ApiClient({ apiBase: '/api/v2', token: () => 't', fetch: fetchImpl });
    const result = await api.testAction('a1', { user: { email: 'x@example.com' } });
    expect(result.logs).toEqual(['hi']);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      payload: { event: { user: { email: 'x@example.com' } } },
    });
    expect((await api.rollback('a1', 'v1')).number).toBe(3);
    expect(calls[1].url).toBe('/api/v2/actions/actions/a1/versions/v1/deploy');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ update_draft: true });
  });

  it('keeps a non-JSON error readable', async () => {
    const fetchImpl = (async () => new Response('Bad gateway', { status: 502 })) as unknown as typeof fetch;
    const api = new ApiClient({ apiBase: '', token: () => null, fetch: fetchImpl });
    await expect(api.getExecution('e1')).rejects.toMatchObject({ status: 502, message: 'Bad gateway' });
  });
});
