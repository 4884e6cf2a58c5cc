/**
 * The sandbox's options (Sandbox): the isolates' limits with their defaults, runs on the host's thread
 * (sync-runs.ts), and outbound HTTP of actions (egress).
 */
import type { EgressConfig } from '../../config/config';
import { DEFAULT_EGRESS_LIMITS, EgressLimits } from '../egress/egress-client';
import { EgressPolicy } from '../egress/egress-policy';
import type { PoolLimits } from './isolate-pool';
import type { Utilisation } from './sync-runs';

export interface SandboxOptions extends Partial<PoolLimits> {
  memoryLimitMb: number;
  logLineMax: number;
  logLinesMax: number;
  /** Told when an isolate is lost to an uncontainable out-of-memory error (isolate-loss.ts); for logs and metrics. */
  onIsolateLost?: (isolationKey: string, lostSoFar: number) => void;
  /** Outbound HTTP of actions (fetch, http, https): the policy and per-execution bounds. Default: public addresses only. */
  egress?: { policy: EgressPolicy; limits: EgressLimits };
  /** Longest run on the host's thread (ms, sync-runs.ts); 0: every run on its isolate's thread. */
  syncSliceMs?: number;
  /** Share (0..1) of the host thread one isolate's runs may take. */
  syncShare?: number;
  /** How busy the host thread was since the last call (0..1); its event loop utilisation when absent (tests fix it). */
  hostUtilisation?: Utilisation;
  /** The isolates' memory together (MB, memory-budget.ts); 0 or absent: read for metrics, never enforced. */
  memoryBudgetMb?: number;
  /** How often the isolates' memory is read (ms; MEMORY_SAMPLE_MS); 0: only when asked (tests). */
  memorySampleMs?: number;
}

/**
 * Defaults of SandboxOptions.syncSliceMs and .syncShare (SANDBOX_SYNC_SLICE_MS, SANDBOX_SYNC_SHARE_PCT). Off by
 * default: an out-of-memory error V8 cannot contain stops the thread it happens on for good, and on the service
 * thread that is the whole service (sync-runs.ts). Only for code the operator trusts.
 */
export const SYNC_SLICE_MS = 0;
export const SYNC_SHARE = 0.5;

/** The isolates' limits an option leaves out. */
export const DEFAULTS: Omit<PoolLimits, 'memoryLimitMb'> = {
  maxIsolates: 256,
  isolatesPerKey: 1,
  idleContextsPerIsolate: 32,
  idleContextsPerVersion: 4,
  scriptsPerIsolate: 64,
};

/** The sandbox's egress settings from the service configuration. */
export function egressFromConfig(c: EgressConfig): { policy: EgressPolicy; limits: EgressLimits } {
  return {
    policy: new EgressPolicy({ allow: c.allow, deny: c.deny }),
    limits: {
      ...DEFAULT_EGRESS_LIMITS,
      maxRequests: c.maxRequests,
      maxResponseBytes: c.maxResponseBytes,
      maxConcurrent: c.maxConcurrent,
    },
  };
}

/** The options that are set (an undefined one leaves its default). */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
