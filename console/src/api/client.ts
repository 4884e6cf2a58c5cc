/**
 * The console's only way to the service: the public Management API (docs/api.md), with the signed-in token on every
 * call, ETags read from answers and sent back as If-Match on writes, and errors decoded from Auth0's error body.
 */
import type {
  Action,
  ActionPatch,
  Binding,
  BindingUpdate,
  DraftTestResult,
  ErrorBody,
  Execution,
  HistoryEntry,
  NewAction,
  Trigger,
  Version,
  VersionDiff,
} from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 412: the resource changed since it was read (someone else wrote it). */
  get isStale(): boolean {
    return this.status === 412;
  }
}

/** A resource with the ETag it was read at (the stream revision, sent back as If-Match). */
export interface Tagged<T> {
  data: T;
  etag: string | null;
}

export interface ClientOptions {
  /** e.g. '/api/v2' (same origin) */
  apiBase: string;
  token: () => string | null;
  fetch?: typeof fetch;
  /** Called on a 401: the token expired or was refused. */
  onUnauthorized?: () => void;
}

interface RequestOptions {
  body?: unknown;
  ifMatch?: string | null;
  query?: Record<string, string | number | boolean | undefined>;
}

const PAGE = 100; // the API's largest page

const seg = encodeURIComponent;

export class ApiClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Tagged<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const response = await this.fetchImpl(this.url(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : safeJson(text);
    if (!response.ok) {
      if (response.status === 401) this.options.onUnauthorized?.();
      throw toApiError(response.status, parsed, text);
    }
    return { data: parsed as T, etag: response.headers.get('etag') };
  }

  private url(path: string, query: RequestOptions['query']): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${this.options.apiBase}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Every page of a paged list (`page` from 0, at most 100 a page). */
  private async all<T>(path: string, key: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; ; page++) {
      const { data } = await this.request<Record<string, unknown>>('GET', path, { query: { page, per_page: PAGE } });
      const batch = (data?.[key] as T[] | undefined) ?? [];
      items.push(...batch);
      const total = typeof data?.total === 'number' ? data.total : items.length;
      if (batch.length < PAGE || items.length >= total) return items;
    }
  }

  listActions(): Promise<Action[]> {
    return this.all<Action>('/actions/actions', 'actions');
  }
  getAction(id: string): Promise<Tagged<Action>> {
    return this.request<Action>('GET', `/actions/actions/${seg(id)}`);
  }
  createAction(action: NewAction): Promise<Tagged<Action>> {
    return this.request<Action>('POST', '/actions/actions', { body: action });
  }
  updateAction(id: string, patch: ActionPatch, etag: string | null): Promise<Tagged<Action>> {
    return this.request<Action>('PATCH', `/actions/actions/${seg(id)}`, { body: patch, ifMatch: etag });
  }
  async deleteAction(id: string): Promise<void> {
    await this.request('DELETE', `/actions/actions/${seg(id)}`);
  }
  async deployAction(id: string): Promise<Version> {
    return (await this.request<Version>('POST', `/actions/actions/${seg(id)}/deploy`)).data;
  }
  async testAction(id: string, event: unknown): Promise<DraftTestResult> {
    const { data } = await this.request<{ payload: DraftTestResult }>('POST', `/actions/actions/${seg(id)}/test`, {
      body: { payload: { event } },
    });
    return data.payload;
  }
  listVersions(id: string): Promise<Version[]> {
    return this.all<Version>(`/actions/actions/${seg(id)}/versions`, 'versions');
  }
  async diffVersions(id: string, from: string, to: string): Promise<VersionDiff> {
    const path = `/actions/actions/${seg(id)}/versions/${seg(from)}/diff/${seg(to)}`;
    return (await this.request<VersionDiff>('GET', path)).data;
  }
  /** Roll back: a new version copied from `versionId`, and the draft made that content too. */
  async rollback(id: string, versionId: string): Promise<Version> {
    const path = `/actions/actions/${seg(id)}/versions/${seg(versionId)}/deploy`;
    return (await this.request<Version>('POST', path, { body: { update_draft: true } })).data;
  }
  actionHistory(id: string): Promise<HistoryEntry[]> {
    return this.all<HistoryEntry>(`/actions/actions/${seg(id)}/history`, 'history');
  }
  async listTriggers(): Promise<Trigger[]> {
    return (await this.request<{ triggers: Trigger[] }>('GET', '/actions/triggers')).data.triggers;
  }
  /** The ordered bindings; with `asOf` (an ISO time or a log position), as they were then (docs/audit.md). */
  async getBindings(triggerId: string, asOf?: string): Promise<Tagged<Binding[]>> {
    const r = await this.request<{ bindings: Binding[] }>('GET', `/actions/triggers/${seg(triggerId)}/bindings`, {
      query: { per_page: PAGE, as_of: asOf },
    });
    return { data: r.data.bindings, etag: r.etag };
  }
  /** Replaces the whole ordered list in one PATCH, pinned to the ETag it was read at (412 when stale). */
  async updateBindings(triggerId: string, bindings: BindingUpdate[], etag: string | null): Promise<Tagged<Binding[]>> {
    const r = await this.request<{ bindings: Binding[] }>('PATCH', `/actions/triggers/${seg(triggerId)}/bindings`, {
      body: { bindings },
      ifMatch: etag,
    });
    return { data: r.data.bindings, etag: r.etag };
  }
  bindingsHistory(triggerId: string): Promise<HistoryEntry[]> {
    return this.all<HistoryEntry>(`/actions/triggers/${seg(triggerId)}/bindings/history`, 'history');
  }
  async getExecution(id: string): Promise<Execution> {
    return (await this.request<Execution>('GET', `/actions/executions/${seg(id)}`)).data;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, parsed: unknown, text: string): ApiError {
  const body = parsed as Partial<ErrorBody> | undefined;
  if (body && typeof body.message === 'string') return new ApiError(status, body.message, body.errorCode);
  return new ApiError(status, text.trim() ? text.slice(0, 200) : `HTTP ${status}`);
}
