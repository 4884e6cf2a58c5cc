/**
 * The trigger executor the runtime benches drive: the real sandbox, builder, cache and execution store they pass in,
 * the system clock and random ids, and the versions `boundVersions` lists (docs/performance.md).
 */
import { ExecutorDeps, TriggerExecutor } from '../src/runtime/executions/trigger-executor';
import type { BoundVersionsSource } from '../src/runtime/runtime.ports';
import { systemClock, uuidGenerator } from '../src/shared/clock';

export type BenchExecutorParts = Pick<ExecutorDeps, 'config' | 'sandbox' | 'builder' | 'cache' | 'store'>;

export function benchExecutor(
  parts: BenchExecutorParts,
  boundVersions: BoundVersionsSource['boundVersions'],
): TriggerExecutor {
  return new TriggerExecutor({ ...parts, clock: systemClock, ids: uuidGenerator, source: { boundVersions } });
}
