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
import { TenantView } from '../projections/tenant-view';
import { SECRET_BOX, SecretBox } from '../secrets/secret-box';
import type { BoundVersionsSource, RunnableVersion } from '../runtime/runtime.ports';
import { BindingsQueries } from './bindings.queries';

/** An entry older than this is read again even without an event (ms). */
export const BOUND_VERSIONS_MAX_AGE_MS = 60_000;

@Injectable()
export class ReadModelBoundVersions implements BoundVersionsSource {
  private readonly view: TenantView<readonly RunnableVersion[]>;

  constructor(
    private readonly bindings: BindingsQueries,
    private readonly actions: ActionsQueries,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    now: () => number = Date.now,
  ) {
    this.view = new TenantView({ maxAgeMs: BOUND_VERSIONS_MAX_AGE_MS, now });
  }

  async boundVersions(tenantId: string, triggerId: string): Promise<RunnableVersion[]> {
    return this.current(tenantId, triggerId) as RunnableVersion[];
  }

  /** Synchronous form (the answer is shared and frozen: callers must not change it). */
  current(tenantId: string, triggerId: string): readonly RunnableVersion[] {
    return this.view.get(tenantId, triggerId, () => this.read(tenantId, triggerId))!;
  }

  /** Forgets what the events may have changed: every trigger of their tenants; everything when `events` is undefined. */
  invalidate(events?: readonly RecordedEvent[]): void {
    this.view.invalidate(events);
  }

  /** How many tenant × trigger answers are kept (tests, metrics). */
  size(): number {
    return this.view.size();
  }

  private read(tenantId: string, triggerId: string): readonly RunnableVersion[] {
    const versions = this.bindings.listBindings(tenantId, triggerId).flatMap((b): RunnableVersion[] => {
      const version = b.action.deployedVersion;
      if (!version) return [];
      const secrets = Object.freeze(
        Object.fromEntries(
          version.content.secrets.map((s) => [
            s.name,
            this.box.decrypt(s.ciphertext, { tenantId, actionId: b.action.id, name: s.name }),
          ]),
        ),
      );
      return [
        Object.freeze({
          tenantId,
          triggerId,
          bindingId: b.id,
          actionId: b.action.id,
          actionName: b.action.doc.content.name,
          versionId: version.id,
          versionNumber: version.number,
          code: version.content.code,
          dependencies: Object.freeze(version.resolvedDependencies) as RunnableVersion['dependencies'],
          runtime: version.content.runtime,
          secrets,
        }),
      ];
    });
    return Object.freeze(versions);
  }
}
