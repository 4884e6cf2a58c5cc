/** The reactor's loop survives a to-do list that cannot be read yet (its table is created as the projections start). */
import { loadConfig } from '../config/config';
import type { CommandPipeline } from '../shared/command-pipeline';
import type { ActionBuilder } from '../runtime/runtime.ports';
import { BuildReactor } from './build-reactor';

it('keeps going when the pending-builds table is not there yet, and reads it on the next wake', async () => {
  let reads = 0;
  const errors: string[] = [];
  const reactor = new BuildReactor({
    config: loadConfig({ DATA_DIR: '/tmp/reactor-unit' }),
    readModels: {
      all: <T>() => {
        reads++;
        if (reads === 1) throw new Error('no such table: pending_builds');
        return [] as T[];
      },
      get: () => undefined,
    },
    pipeline: {} as CommandPipeline,
    builder: {} as ActionBuilder,
    clock: { now: () => new Date(0) },
    ids: { newId: () => 'id' },
    hooks: { onError: (e) => errors.push(e.message) },
  });
  reactor.start();
  reactor.notify();
  await new Promise((r) => setImmediate(r));
  expect(errors).toEqual(['no such table: pending_builds']);
  expect(reads).toBe(2);
  expect(reactor.status()).toMatchObject({ queued: 0, running: 0 });
  await reactor.stop();
});
