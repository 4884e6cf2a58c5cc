/** Raw HTTP calls to the Management API (for what the SDK hides: ETags, If-Match, exact status codes and bodies). */
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiAnswer {
  status: number;
  body: any;
  etag: string | null;
}

export async function apiCall(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  o: { ifMatch?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (o.ifMatch !== undefined) headers['if-match'] = o.ifMatch;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
}

/** GET an action until its draft's build has an outcome (and the deploy that `deploy: true` asks for is done). */
export async function untilBuiltRaw(apiUrl: string, token: string, id: string): Promise<ApiAnswer> {
  for (;;) {
    const r = await apiCall(apiUrl, token, 'GET', `/actions/actions/${id}`);
    if (r.body?.status !== 'pending') return r;
    await sleep(25);
  }
}
