/**
 * Executes a trigger: its bound, deployed versions run one after the other in binding order, inside the sandbox,
 * within one wall-time budget for the whole trigger. An error or timeout stops the chain (partial), a deny or
 * validation error cancels it (canceled), a redirect suspends it until /continue (suspended).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/config';
import { InvalidError, NotFoundError } from '../../shared/domain-errors';
import type { Clock, IdGenerator } from '../../shared/clock';
import { currentTrigger, isTriggerId } from '../../triggers/trigger-catalogue';
import { ActionApiHost } from '../api/api-host';
import type { CacheStore } from '../cache/cache-session';
import { CacheSession } from '../cache/cache-session';
import type { Sandbox } from '../sandbox/sandbox';
import type { EsbuildActionBuilder } from '../build/action-builder';
import type { BoundVersionsSource, RunnableVersion } from '../runtime.ports';
import type { ExecutionRecord } from './execution-record';
import type { ExecutionStore, StoredExecution } from './execution-store';

export const EXECUTION_NOT_FOUND = 'That execution does not exist.';

export interface ExecutorDeps {
  config: AppConfig;
  source: BoundVersionsSource;
  sandbox: Sandbox;
  builder: EsbuildActionBuilder;
  cache: CacheStore;
  store: ExecutionStore;
  clock: Clock;
  ids: IdGenerator;
  onFinished?: (record: ExecutionRecord) => void;
  onStoreError?: (error: Error) => void;
}

const hashState = (s: string) => createHash('sha256').update(s).digest('hex');

export class TriggerExecutor {
  constructor(private readonly d: ExecutorDeps) {}

  async execute(tenantId: string, triggerId: string, event: Record<string, unknown>): Promise<ExecutionRecord> {
    const trigger = isTriggerId(triggerId) ? currentTrigger(triggerId) : undefined;
    if (!trigger) throw new NotFoundError(`The trigger "${triggerId.slice(0, 64)}" does not exist.`);
    if (!trigger.executable) throw new InvalidError(`The ${triggerId} trigger cannot be executed by this service.`);
    const versions = await this.d.source.boundVersions(tenantId, triggerId);
    const now = this.d.clock.now().toISOString();
    const record: ExecutionRecord = {
      id: this.newExecutionId(), trigger_id: triggerId, status: 'final', results: [], commands: [], logs: [], created_at: now, updated_at: now,
    };
    const stored: StoredExecution = { tenantId, record };
    await this.runChain(stored, versions, 0, structuredClone(event), trigger.handler);
    return this.finish(stored);
  }

  async resume(tenantId: string, id: string, state: string, event: Record<string, unknown>): Promise<ExecutionRecord> {
    const stored = await this.d.store.get(tenantId, id, this.d.clock.now().getTime());
    if (!stored || stored.record.status !== 'suspended' || !stored.continuation) throw new NotFoundError(EXECUTION_NOT_FOUND);
    if (hashState(state) !== stored.continuation.stateHash) throw new InvalidError('The state does not match this execution (wrong or already used).', 'invalid_body');
    const trigger = currentTrigger(stored.record.trigger_id)!;
    const versions = await this.d.source.boundVersions(tenantId, stored.record.trigger_id);
    const at = versions.findIndex((v) => v.bindingId === stored.continuation!.bindingId);
    const { continuation } = stored;
    stored.continuation = undefined;
    stored.record.status = 'final';
    delete stored.record.redirect;
    const merged = { ...continuation.event, ...structuredClone(event) };
    if (at >= 0 && trigger.continueHandler) {
      await this.runChain(stored, [versions[at]], 0, merged, trigger.continueHandler, versions.slice(at + 1), trigger.handler);
    } else {
      await this.runChain(stored, versions.slice(continuation.actionIndex + 1), 0, merged, trigger.handler);
    }
    return this.finish(stored);
  }

  private async runChain(
    stored: StoredExecution, versions: RunnableVersion[], from: number, event: Record<string, unknown>, handler: string,
    then: RunnableVersion[] = [], thenHandler = handler,
  ): Promise<void> {
    const { record, tenantId } = stored;
    const deadline = Date.now() + this.d.config.runtime.executionTimeoutMs;
    const queue: [RunnableVersion, string][] = [...versions.slice(from).map((v) => [v, handler] as [RunnableVersion, string]), ...then.map((v) => [v, thenHandler] as [RunnableVersion, string])];
    for (const [index, [version, fn]] of queue.entries()) {
      const startedAt = this.d.clock.now().toISOString();
      const scope = `${tenantId}:${record.trigger_id}`;
      const session = await this.openCache(scope);
      const host = new ActionApiHost(record.trigger_id, version.actionName, event, session, () => this.d.clock.now().getTime());
      const code = await this.d.builder.artifactFor(version.code, version.dependencies);
      const outcome = await this.d.sandbox.run({
        tenantId, actionName: version.actionName, code, handler: fn, host, deadline,
        event: { ...event, secrets: version.secrets },
      });
      await this.d.cache.flush(scope, session.pendingChanges(), Date.now()).catch(() => undefined);
      record.commands.push(...host.commands);
      if (outcome.logs.length > 0) record.logs.push({ action_name: version.actionName, lines: outcome.logs });
      record.results.push({
        action_name: version.actionName, binding_id: version.bindingId, version_id: version.versionId, started_at: startedAt,
        ended_at: this.d.clock.now().toISOString(),
        ...(outcome.error ? { error: { id: outcome.error.kind, msg: `${outcome.error.name}: ${outcome.error.message}` } } : {}),
        response: {
          ...(outcome.error ? { error: { name: outcome.error.name, message: outcome.error.message } } : {}),
          stats: { action_duration_ms: round(outcome.runMs), boot_duration_ms: round(outcome.bootMs) },
        },
      });
      if (outcome.error) return void (record.status = 'partial');
      if (host.stop?.kind === 'deny' || host.stop?.kind === 'validation') return void (record.status = 'canceled');
      if (host.stop?.kind === 'redirect') {
        const state = randomBytes(24).toString('base64url');
        const url = new URL(host.stop.url);
        for (const [k, v] of Object.entries(host.stop.query ?? {})) url.searchParams.set(k, String(v));
        url.searchParams.set('state', state);
        record.status = 'suspended';
        record.redirect = { url: url.toString(), state };
        const { secrets: _drop, ...eventWithoutSecrets } = event as Record<string, unknown> & { secrets?: unknown };
        stored.continuation = { stateHash: hashState(state), bindingId: version.bindingId, actionIndex: from + index, event: eventWithoutSecrets };
        return;
      }
    }
  }

  private async openCache(scope: string): Promise<CacheSession> {
    const limits = this.d.config.cache;
    try {
      return new CacheSession(await this.d.cache.load(scope, Date.now()), limits, Date.now);
    } catch {
      return new CacheSession(undefined, limits, Date.now);
    }
  }

  private async finish(stored: StoredExecution): Promise<ExecutionRecord> {
    stored.record.updated_at = this.d.clock.now().toISOString();
    const expiresAt = Date.parse(stored.record.created_at) + this.d.config.runtime.executionRetentionMs;
    await this.d.store.save(stored, expiresAt).catch((e: Error) => this.d.onStoreError?.(e));
    this.d.onFinished?.(stored.record);
    return stored.record;
  }

  private newExecutionId(): string {
    return Buffer.from(this.d.ids.newId().replace(/-/g, ''), 'hex').toString('base64url') + randomBytes(6).toString('base64url');
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
