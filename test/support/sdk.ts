/** The official auth0 SDK's generated Management client, pointed at a running service. */
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Required through its resolved path: the package's exports map only exposes the wrapper entry points.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ManagementClient } = require(
  path.join(path.dirname(require.resolve('auth0/package.json')), 'dist/cjs/management/Client.js'),
);

export type Sdk = {
  actions: {
    list(
      q?: Record<string, unknown>,
      o?: unknown,
    ): Promise<
      {
        data: Record<string, any>[];
        response: Record<string, unknown>;
        hasNextPage(): boolean;
        getNextPage(): Promise<unknown>;
      } & AsyncIterable<Record<string, any>>
    >;
    create(body: Record<string, unknown>): Promise<Record<string, any>>;
    get(id: string): Promise<Record<string, any>>;
    update(id: string, body: Record<string, unknown>, o?: unknown): Promise<Record<string, any>>;
    delete(id: string, q?: Record<string, unknown>): Promise<void>;
    deploy(id: string): Promise<Record<string, any>>;
    test(id: string, body: Record<string, unknown>): Promise<Record<string, any>>;
    versions: {
      list(
        actionId: string,
        q?: Record<string, unknown>,
      ): Promise<{ data: Record<string, any>[]; response: Record<string, any> } & AsyncIterable<Record<string, any>>>;
      get(actionId: string, id: string): Promise<Record<string, any>>;
      deploy(actionId: string, id: string, body?: Record<string, unknown> | null): Promise<Record<string, any>>;
    };
    triggers: {
      list(): Promise<{ triggers: Record<string, any>[] }>;
      bindings: {
        list(
          triggerId: string,
          q?: Record<string, unknown>,
        ): Promise<{ data: Record<string, any>[]; response: Record<string, any> } & AsyncIterable<Record<string, any>>>;
        updateMany(
          triggerId: string,
          body: Record<string, unknown>,
          o?: unknown,
        ): Promise<{ bindings: Record<string, any>[] }>;
      };
    };
    executions: { get(id: string): Promise<Record<string, any>> };
  };
};

export function sdk(apiUrl: string, token: string): Sdk {
  return new ManagementClient({ baseUrl: apiUrl, token, maxRetries: 0 }) as Sdk;
}

/** Runs `fn`, expecting the SDK to throw an HTTP error; returns its status and body. */
export async function sdkError(fn: () => Promise<unknown>): Promise<{ statusCode: number; body: Record<string, any> }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { statusCode?: number; body?: Record<string, any> };
    if (typeof err.statusCode === 'number') return { statusCode: err.statusCode, body: err.body ?? {} };
    throw e;
  }
  throw new Error('expected the SDK call to fail');
}

/**
 * Polls GET until the draft's build has an outcome, as Terraform and the Deploy CLI do: creates and updates answer
 * `status: "pending"` and the build reactor builds in the background.
 */
export async function untilBuilt(client: Sdk, id: string, timeoutMs = 30_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const action = await client.actions.get(id);
    if (action.status !== 'pending') return action;
    if (Date.now() > deadline) throw new Error(`action ${id} still pending after ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** create, then wait for the build (and for the deploy that `deploy: true` asks for). */
export async function createBuilt(client: Sdk, body: Record<string, unknown>): Promise<Record<string, any>> {
  return untilBuilt(client, (await client.actions.create(body)).id);
}

/** update, then wait for the build of the new draft. */
export async function updateBuilt(
  client: Sdk,
  id: string,
  body: Record<string, unknown>,
): Promise<Record<string, any>> {
  await client.actions.update(id, body);
  return untilBuilt(client, id);
}
