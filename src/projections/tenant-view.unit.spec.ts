import type { RecordedEvent } from '../event-store/port';
import { TenantView } from './tenant-view';

/** A view whose computations are counted, on a clock the test moves. */
function givenView(options: { tenants?: number; perTenant?: number; maxAgeMs?: number } = {}) {
  let now = 0;
  const computed: string[] = [];
  const view = new TenantView<string>({ ...options, now: () => now });
  const read = (tenant: string, key: string) =>
    view.get(tenant, key, () => {
      computed.push(`${tenant}/${key}`);
      return `${tenant}/${key}@${now}`;
    });
  return { view, read, computed, advance: (ms: number) => (now += ms) };
}

const eventOf = (tenantId: string) => ({ metadata: { tenantId } }) as unknown as RecordedEvent;

describe('TenantView', () => {
  it('computes a value once, then answers it from memory', () => {
    const { read, computed } = givenView();
    read('t1', 'a');
    expect(read('t1', 'a')).toBe('t1/a@0');
    expect(computed).toEqual(['t1/a']);
  });

  it('computes again once an entry is older than maxAgeMs', () => {
    const { read, computed, advance } = givenView({ maxAgeMs: 100 });
    read('t1', 'a');
    advance(100);
    expect(read('t1', 'a')).toBe('t1/a@100');
    expect(computed).toEqual(['t1/a', 't1/a']);
  });

  it('keeps perTenant entries per tenant, dropping the one computed longest ago (reads do not count as use)', () => {
    const { view, read, computed } = givenView({ perTenant: 2 });
    read('t1', 'a');
    read('t1', 'b');
    read('t1', 'a'); // a read: "a" is still the oldest computation
    read('t1', 'c');
    expect(view.size()).toBe(2);
    computed.length = 0;
    read('t1', 'b');
    read('t1', 'c');
    read('t1', 'a');
    expect(computed).toEqual(['t1/a']);
  });

  it('keeps `tenants` tenants, dropping the least recently read one', () => {
    const { read, computed } = givenView({ tenants: 2 });
    read('t1', 'a');
    read('t2', 'a');
    read('t1', 'a'); // t1 is now the most recently read tenant
    read('t3', 'a');
    computed.length = 0;
    read('t1', 'a');
    read('t2', 'a');
    expect(computed).toEqual(['t2/a']);
  });

  it("forgets every entry of the events' tenants, and everything without events", () => {
    const { view, read, computed } = givenView();
    read('t1', 'a');
    read('t2', 'a');
    view.invalidate([eventOf('t1')]);
    computed.length = 0;
    read('t1', 'a');
    read('t2', 'a');
    expect(computed).toEqual(['t1/a']);
    view.invalidate();
    expect(view.size()).toBe(0);
  });

  it('drops what is past the safety age once per that age, tenants no longer read included', () => {
    const { view, read, advance } = givenView({ maxAgeMs: 100 });
    read('gone', 'a');
    read('gone', 'b');
    advance(60);
    read('active', 'a');
    expect(view.size()).toBe(3);
    advance(40); // "gone"'s entries are 100 ms old, "active"'s 40: the next read sweeps
    read('active', 'a');
    expect(view.size()).toBe(1);
  });
});
