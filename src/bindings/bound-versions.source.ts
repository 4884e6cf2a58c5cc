/**
 * What a trigger runs now, for the runtime: its bindings in order, each with the action's deployed version and that
 * version's decrypted secrets. Read from the read models (the runtime never touches events); a binding whose action
 * was deleted or has no deployed version is skipped.
 *
 * The answer is kept in memory per tenant × trigger (1 + 2N queries and N×secrets decryptions once, not per
 * execution), and dropped whenever the projections apply an event of that tenant (deploy, binding change, secret
 * change, delete, anything) or a projection is rebuilt: `invalidate` is wired to ProjectionRunner.onBatchApplied,
 * which runs after the batch committed and before any command waiting for it gets its answer, so an execution
 * after a write's answer never sees what the write replaced. A safety age bounds how long an entry is trusted if a
 * change ever reached the tables some other way (a rebuild run by another process).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActionsQueries } from '../actions/actions.queries';
import type { RecordedEvent } from '../event-store/port';
import { LruMap } from '../runtime/lru-map';
import { SECRET_BOX, SecretBox } from '../secrets/secret-box';
import type { BoundVersionsSource, RunnableVersion } from '../runtime/runtime.ports';
import { BindingsQueries } from './bindings.queries';

/** Tenants whose triggers are kept (least recently executed dropped first). */
const TENANTS_KEPT = 10_000;
/** An entry older than this is read again even without an event (ms). */
export const BOUND_VERSIONS_MAX_AGE_MS = 60_000;

interface Entry {
  versions: readonly RunnableVersion[];
  readAt: number;
}

@Injectable()
export class ReadModelBoundVersions implements BoundVersionsSource {
  private readonly view = new LruMap<string, Map<string, Entry>>(TENANTS_KEPT);

  constructor(
    private readonly bindings: BindingsQueries,
    private readonly actions: ActionsQueries,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  async boundVersions(tenantId: string, triggerId: string): Promise<RunnableVersion[]> {
    return this.current(tenantId, triggerId) as RunnableVersion[];
  }

  /** Synchronous form (the answer is shared and frozen: callers must not change it). */
  current(tenantId: string, triggerId: string): readonly RunnableVersion[] {
    const now = this.now();
    let triggers = this.view.get(tenantId);
    const known = triggers?.get(triggerId);
    if (known && now - known.readAt < BOUND_VERSIONS_MAX_AGE_MS) return known.versions;
    const versions = this.read(tenantId, triggerId);
    if (!triggers) this.view.set(tenantId, (triggers = new Map()));
    triggers.set(triggerId, { versions, readAt: now });
    return versions;
  }

  /** Forgets what the events may have changed: every trigger of their tenants; everything when `events` is undefined. */
  invalidate(events?: readonly RecordedEvent[]): void {
    if (!events) return this.view.clear();
    let last: string | undefined;
    for (const e of events) {
      const tenantId = e.metadata?.tenantId ?? (e.data as { tenantId?: unknown } | undefined)?.tenantId;
      if (typeof tenantId !== 'string') return this.view.clear(); // an event of no known tenant: play safe
      if (tenantId !== last) this.view.delete(tenantId);
      last = tenantId;
    }
  }

  /** How many tenant × trigger answers are kept (tests, metrics). */
  size(): number {
    let n = 0;
    for (const triggers of this.view.values()) n += triggers.size;
    return n;
  }

  private read(tenantId: string, triggerId: string): readonly RunnableVersion[] {
    const versions = this.bindings.listBindings(tenantId, triggerId).flatMap((b): RunnableVersion[] => {
      const version = b.action.deployedVersion;
      if (!version) return [];
      const secrets = Object.freeze(Object.fromEntries(
        version.content.secrets.map((s) => [s.name, this.box.decrypt(s.ciphertext, { tenantId, actionId: b.action.id, name: s.name })]),
      ));
      return [Object.freeze({
        tenantId, triggerId, bindingId: b.id, actionId: b.action.id, actionName: b.action.doc.content.name,
        versionId: version.id, versionNumber: version.number, code: version.content.code,
        dependencies: Object.freeze(version.resolvedDependencies) as RunnableVersion['dependencies'], runtime: version.content.runtime, secrets,
      })];
    });
    return Object.freeze(versions);
  }
}
