import { upcast, upcasters } from './upcasters';
import type { RecordedEvent } from './port';

function recorded(type: string, data: unknown): RecordedEvent {
  return {
    id: 'e1',
    type,
    data,
    stream: 'triggerBindings-t.post-login',
    revision: 0n,
    position: { commit: 1n, prepare: 1n },
    createdAt: '2026-01-01T00:00:00.000Z',
    metadata: { tenantId: 't', actor: 'x', correlationId: 'c', causationId: 'c' },
  };
}

describe('upcasters', () => {
  afterEach(() => delete upcasters.ExampleShapeChanged);

  it('applies the registered upcaster of a type at the read boundary', () => {
    upcasters.ExampleShapeChanged = (data) => ({ runtime: 'node18-actions', ...data });
    const stored = JSON.parse('{"actionId":"a1"}');
    expect(upcast(recorded('ExampleShapeChanged', stored)).data).toEqual({ actionId: 'a1', runtime: 'node18-actions' });
    expect(upcast(recorded('ExampleShapeChanged', { actionId: 'a1', runtime: 'node22' })).data).toEqual({
      actionId: 'a1',
      runtime: 'node22',
    });
  });

  it('leaves types without an upcaster untouched (every current shape today)', () => {
    const other = recorded('ActionCreated', { a: 1 });
    expect(upcast(other)).toBe(other);
    expect(Object.keys(upcasters)).toEqual([]);
  });
});
