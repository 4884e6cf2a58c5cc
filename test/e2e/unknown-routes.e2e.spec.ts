/**
 * Unknown routes answer in Auth0's error body with an errorCode, for every method (issue 14): a path no route has
 * is a 404 `route_not_found`; a known path with a method it does not have is a 405 `method_not_allowed` with the
 * Allow header. Without a token too, and never Nest's default body.
 */
import { RunningService, startService } from '../support/service-harness';

describe('unknown routes', () => {
  let service: RunningService;
  let token: string;
  beforeAll(async () => {
    service = await startService();
    token = await service.token();
  });
  afterAll(() => service.stop());

  const send = async (method: string, path: string, authorised = true) => {
    const headers: Record<string, string> = authorised ? { authorization: `Bearer ${token}` } : {};
    if (['POST', 'PUT', 'PATCH'].includes(method)) headers['content-type'] = 'application/json';
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers,
      body: headers['content-type'] ? '{}' : undefined,
    });
    return {
      status: res.status,
      allow: res.headers.get('allow'),
      body: method === 'HEAD' ? undefined : await res.json(),
    };
  };

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    '%s on a path no route has is a 404 in the Auth0 body',
    async (method) => {
      for (const path of ['/nope', '/api/v2/nope', '/api/v2/actions/actions/a/b/c/d', '/runtime/v1/nope?x=1']) {
        for (const authorised of [true, false]) {
          const r = await send(method, path, authorised);
          expect({ path, authorised, status: r.status, body: r.body }).toEqual({
            path,
            authorised,
            status: 404,
            body: {
              statusCode: 404,
              error: 'Not Found',
              message: `Route ${method} ${path.split('?')[0]} does not exist.`,
              errorCode: 'route_not_found',
            },
          });
        }
      }
    },
  );

  it('a HEAD on an unknown path is a 404 too', async () => {
    expect((await send('HEAD', '/api/v2/nope')).status).toBe(404);
  });

  it.each([
    ['PUT', '/api/v2/actions/actions/00000000-0000-4000-8000-000000000001', 'DELETE, GET, HEAD, PATCH'],
    ['DELETE', '/api/v2/actions/triggers', 'GET, HEAD'],
    ['POST', '/api/v2/actions/triggers/post-login/bindings', 'GET, HEAD, PATCH'],
    ['PUT', '/health/live', 'GET, HEAD'],
  ])('%s on %s is a 405 naming the allowed methods', async (method, path, allow) => {
    const r = await send(method, path);
    expect(r).toEqual({
      status: 405,
      allow,
      body: {
        statusCode: 405,
        error: 'Method Not Allowed',
        message: `Method ${method} is not allowed on ${path}; allowed: ${allow}.`,
        errorCode: 'method_not_allowed',
      },
    });
  });

  it('a missing resource on a known route keeps its own 404 message', async () => {
    const r = await send('GET', '/api/v2/actions/actions/00000000-0000-4000-8000-000000000001');
    expect(r.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'That action does not exist.' });
  });
});
