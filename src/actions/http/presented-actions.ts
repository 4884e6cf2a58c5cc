/**
 * GET /actions/actions/{id} answered from memory: the action as presented (its JSON text and ETag revision) is kept
 * per tenant × id and forgotten whenever the projections apply an event of the tenant (TenantView), so a read after
 * a write's answer always shows the write. Not-found answers are not kept.
 */
import type { RecordedEvent } from '../../event-store/port';
import { TenantView } from '../../projections/tenant-view';

export interface PresentedAction {
  revision: number;
  json: string;
}

export class PresentedActions {
  private readonly view = new TenantView<PresentedAction>({ perTenant: 1000 });

  get(tenantId: string, id: string, present: () => PresentedAction | undefined): PresentedAction | undefined {
    return this.view.get(tenantId, id, present);
  }

  invalidate(events?: readonly RecordedEvent[]): void {
    this.view.invalidate(events);
  }

  size(): number {
    return this.view.size();
  }
}
