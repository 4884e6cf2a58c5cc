/**
 * Executes a trigger: its bound, deployed versions run one after the other in binding order, inside the sandbox,
 * within one wall-time budget for the whole trigger. An error or timeout stops the chain (partial), a deny or
 * validation error cancels it (canceled), a redirect suspends it until /continue (suspended), which runs the
 * redirecting action's continue handler and then the remaining actions, with a fresh time budget. What each action
 * writes into the execution's record is in execution-records.ts; execution ids come from execution-ids.ts.
 */
import type { AppConfig } from '../../config/config';
import { InvalidError, NotFoundError } from '../../shared/domain-errors';
import type { Clock, IdGenerator } from '../../shared/clock';
import type { FlowContext } from '../api/api-spec';
import { CacheStore, liveCacheScope } from '../cache/cache-session';
import { ExecutionScopedCache } from '../cache/execution-scoped-cache';
import type { RunnableVersion, BoundVersionsSource } from '../runtime.ports';
import type { Artifact } from '../sandbox/context-boot';
import type { Sandbox } from '../sandbox/sandbox';
import { ActionRunner, CacheLookupListener } from './action-runner';
import { executableTrigger } from './executable-trigger';
import { ExecutionBudget } from './execution-budget';
import { ExecutionIds } from './execution-ids';
import { EXECUTION_ID, EXECUTION_NOT_FOUND, ExecutionRecord } from './execution-record';
import { expiryOf, hashState, recordRun, resultBase, Step, suspend } from './execution-records';
import type { ExecutionStore, StoredExecution } from './execution-store';

/** Where a deployed version's artifact comes from (the build step). */
export interface VersionArtifacts {
  artifactForVersion(version: RunnableVersion): Promise<Artifact>;
}

export interface ExecutorDeps {
  config: AppConfig;
  source: BoundVersionsSource;
  sandbox: Sandbox;
  builder: VersionArtifacts;
  cache: CacheStore;
  store: ExecutionStore;
  clock: Clock;
  ids: IdGenerator;
  onFinished?: (record: ExecutionRecord) => void;
  onStoreError?: (error: Error) => void;
  onCacheLookups?: CacheLookupListener;
}

/** The execution store could not be read (e.g. Redis down): the caller should answer 503, not 404. */
export class ExecutionsUnavailableError extends Error {
  override readonly name = 'ExecutionsUnavailableError';
}

export class TriggerExecutor {
  private readonly runner: ActionRunner;
  private readonly executionIds: ExecutionIds;

  constructor(private readonly d: ExecutorDeps) {
    // One cache load per execution (every step gets the execution's one scope object), not one per action.
    this.runner = new ActionRunner(d.sandbox, new ExecutionScopedCache(d.cache), d.config.cache, d.onCacheLookups);
    this.executionIds = new ExecutionIds(d.ids);
  }

  /** `owned`: the caller hands the event over (a freshly parsed request body) and never reads it again, so it is not copied. */
  async execute(
    tenantId: string,
    triggerId: string,
    event: Record<string, unknown>,
    owned = false,
  ): Promise<ExecutionRecord> {
    return this.finish(await this.runNew(tenantId, triggerId, event, owned));
  }

  /** As execute, answering the record's JSON: serialised once, for the answer and the execution store both. */
  async executeToJson(
    tenantId: string,
    triggerId: string,
    event: Record<string, unknown>,
    owned = false,
  ): Promise<string> {
    const stored = await this.runNew(tenantId, triggerId, event, owned);
    stored.record.updated_at = this.d.clock.now().toISOString();
    const json = JSON.stringify(stored.record);
    await this.save(stored, json);
    return json;
  }

  private async runNew(
    tenantId: string,
    triggerId: string,
    event: Record<string, unknown>,
    owned: boolean,
  ): Promise<StoredExecution> {
    const trigger = executableTrigger(triggerId);
    const versions = await this.d.source.boundVersions(tenantId, triggerId);
    const now = this.d.clock.now().toISOString();
    const record: ExecutionRecord = {
      id: this.executionIds.next(),
      trigger_id: triggerId,
      status: 'final',
      results: [],
      commands: [],
      logs: [],
      created_at: now,
      updated_at: now,
    };
    const stored: StoredExecution = { tenantId, record };
    const steps = versions.map((version, index): Step => ({
      version,
      handler: trigger.handler,
      phase: 'execute',
      index,
    }));
    await this.runChain(
      stored,
      steps,
      this.flow(owned ? event : structuredClone(event), []),
      new ExecutionBudget(this.d.config.runtime),
    );
    return stored;
  }

  async resume(tenantId: string, id: string, state: string, event: Record<string, unknown>): Promise<ExecutionRecord> {
    if (!EXECUTION_ID.test(id)) throw new NotFoundError(EXECUTION_NOT_FOUND);
    const stored = await this.d.store.get(tenantId, id, this.d.clock.now().getTime()).catch((e: Error) => {
      throw new ExecutionsUnavailableError(`Execution records are unavailable: ${e.message}`);
    });
    const continuation = stored?.continuation;
    if (!stored || stored.record.status !== 'suspended' || !continuation) throw new NotFoundError(EXECUTION_NOT_FOUND);
    if (hashState(state) !== continuation.stateHash)
      throw new InvalidError('The state does not match this execution (wrong, or from an earlier redirect).');
    const expiresAt = expiryOf(stored.record, this.d.config.runtime.executionRetentionMs);
    if (!(await this.d.store.claim(tenantId, id, continuation.stateHash, expiresAt))) {
      throw new InvalidError('This state has already been used to continue the execution.');
    }
    const trigger = executableTrigger(stored.record.trigger_id);
    const versions = await this.d.source.boundVersions(tenantId, stored.record.trigger_id);
    const at = versions.findIndex((v) => v.bindingId === continuation.bindingId);
    const rest = (from: number) =>
      versions
        .slice(from)
        .map((version, i): Step => ({ version, handler: trigger.handler, phase: 'execute', index: from + i }));
    const steps =
      at >= 0 && trigger.continueHandler
        ? [
            { version: versions[at], handler: trigger.continueHandler, phase: 'continue' as const, index: at },
            ...rest(at + 1),
          ]
        : rest(continuation.actionIndex + 1);
    stored.continuation = undefined;
    stored.record.status = 'final';
    delete stored.record.redirect;
    delete stored.record.prompt;
    const budget = ExecutionBudget.resuming(this.d.config.runtime, stored.record);
    await this.runChain(
      stored,
      steps,
      this.flow({ ...continuation.event, ...structuredClone(event) }, continuation.facts),
      budget,
    );
    return this.finish(stored);
  }

  private flow(event: Record<string, unknown>, facts: string[]): FlowContext {
    return { event, phase: 'execute', now: () => this.d.clock.now().getTime(), facts: new Set(facts) };
  }

  private async runChain(
    stored: StoredExecution,
    steps: Step[],
    flow: FlowContext,
    budget: ExecutionBudget,
  ): Promise<void> {
    const { record, tenantId } = stored;
    const deadline = Date.now() + this.d.config.runtime.executionTimeoutMs;
    const cacheScope = liveCacheScope(tenantId, record.trigger_id);
    for (let next = 0; next < steps.length;) {
      // The steps from `next` on with the same phase whose artifacts are at hand: the sandbox runs as many of them
      // as it can in one call into the isolate (Sandbox.runSeries); the loop goes on from the first it did not run.
      const series: { step: Step; artifact: Artifact }[] = [];
      for (const step of steps.slice(next)) {
        if (series.length > 0 && step.phase !== series[0].step.phase) break;
        try {
          series.push({ step, artifact: await this.d.builder.artifactForVersion(step.version) });
        } catch (e) {
          if (series.length > 0) break; // recorded when it is next
          const msg = `The version's artifact could not be loaded: ${(e as Error).message}`;
          const startedAt = this.d.clock.now().toISOString();
          record.results.push({
            ...resultBase(step, startedAt, this.d.clock.now().toISOString()),
            error: { id: 'platform_error', msg },
            response: { error: { name: 'Error', message: msg }, stats: { action_duration_ms: 0, boot_duration_ms: 0 } },
          });
          return void (record.status = 'partial');
        }
      }
      flow.phase = series[0].step.phase;
      const startedAt = this.d.clock.now().getTime();
      const runs = await this.runner.runSeries(
        series.map(({ step, artifact }) => ({
          isolationKey: tenantId,
          contextKey: `version:${step.version.versionId}`,
          cacheScope,
          triggerId: record.trigger_id,
          actionName: step.version.actionName,
          artifact,
          handler: step.handler,
          secrets: step.version.secrets,
          flow,
          deadline,
          budget,
        })),
      );
      // Each action's span within the series: its own boot and run time, never past the clock after the series.
      const endedAt = this.d.clock.now().getTime();
      let at = startedAt;
      for (const [i, run] of runs.entries()) {
        const step = series[i].step;
        const ended = Math.min(endedAt, at + run.outcome.bootMs + run.outcome.runMs);
        recordRun(record, step, new Date(at).toISOString(), new Date(ended).toISOString(), run);
        at = ended;
        if (run.outcome.error) return void (record.status = 'partial');
        if (run.stop?.kind === 'deny' || run.stop?.kind === 'validation') return void (record.status = 'canceled');
        if (run.stop?.kind === 'redirect' || run.stop?.kind === 'prompt') return suspend(stored, step, flow, run.stop);
      }
      next += runs.length;
    }
  }

  private async finish(stored: StoredExecution): Promise<ExecutionRecord> {
    stored.record.updated_at = this.d.clock.now().toISOString();
    await this.save(stored);
    return stored.record;
  }

  private async save(stored: StoredExecution, recordJson?: string): Promise<void> {
    await this.d.store
      .save(stored, expiryOf(stored.record, this.d.config.runtime.executionRetentionMs), recordJson)
      .catch((e: Error) => this.d.onStoreError?.(e));
    this.d.onFinished?.(stored.record);
  }
}
