/**
 * The policy deciding which runs go on the service thread (sandbox/sync-runs.ts), with a fixed clock and a fixed
 * utilisation of the service thread.
 */
import {
  DEMOTED_FOR_MS,
  FIRST_SLICE_DEMOTION_MS,
  HEAVY_RUN_MS,
  HOST_SAMPLE_MS,
  SYNC_WINDOW_MS,
  SyncRuns,
} from '../../src/runtime/sandbox/sync-runs';

describe('SyncRuns', () => {
  const isolate = {};
  const t0 = 1_000_000;

  it('a version that needed the host stays off the service thread for DEMOTED_FOR_MS, others are not affected', () => {
    const runs = new SyncRuns({ sliceMs: 5, share: 0.5 }, () => 0);
    runs.demote(isolate, ['v1'], 'host', t0);
    expect(runs.mayRun(isolate, ['v1'], t0 + DEMOTED_FOR_MS - 1)).toBe(false);
    expect(runs.mayRun(isolate, ['v2'], t0 + 1)).toBe(true);
    expect(runs.mayRun(isolate, ['v2', 'v1'], t0 + 1)).toBe(false); // a chain with it goes to the thread too
    expect(runs.mayRun(isolate, ['v1'], t0 + DEMOTED_FOR_MS)).toBe(true);
    expect(runs.counts.host).toBe(1);
  });

  it('reaching the slice demotes for FIRST_SLICE_DEMOTION_MS, doubling each time, forgotten once a run finishes', () => {
    const runs = new SyncRuns({ sliceMs: 5, share: 0.5 }, () => 0);
    runs.demote(isolate, ['v'], 'slice', t0);
    expect(runs.mayRun(isolate, ['v'], t0 + FIRST_SLICE_DEMOTION_MS - 1)).toBe(false);
    expect(runs.mayRun(isolate, ['v'], t0 + FIRST_SLICE_DEMOTION_MS)).toBe(true);
    runs.demote(isolate, ['v'], 'slice', t0);
    expect(runs.mayRun(isolate, ['v'], t0 + 2 * FIRST_SLICE_DEMOTION_MS - 1)).toBe(false);
    runs.finished(isolate, ['v'], 0.2, t0); // a light run
    runs.demote(isolate, ['v'], 'slice', t0);
    expect(runs.mayRun(isolate, ['v'], t0 + FIRST_SLICE_DEMOTION_MS)).toBe(true);
    for (let i = 0; i < 20; i++) runs.demote(isolate, ['v'], 'slice', t0);
    expect(runs.mayRun(isolate, ['v'], t0 + DEMOTED_FOR_MS)).toBe(true); // never longer than DEMOTED_FOR_MS
  });

  it('a demotion over for as long as the longest lasts is forgotten, backoff and all', () => {
    const runs = new SyncRuns({ sliceMs: 5, share: 0.5 }, () => 0);
    for (let i = 0; i < 3; i++) runs.demote(isolate, ['old'], 'slice', t0); // backoff: 4 × FIRST_SLICE_DEMOTION_MS
    const later = t0 + 4 * FIRST_SLICE_DEMOTION_MS + DEMOTED_FOR_MS;
    expect(runs.mayRun(isolate, ['other'], later)).toBe(true); // a new window: the sweep
    runs.demote(isolate, ['old'], 'slice', later);
    expect(runs.mayRun(isolate, ['old'], later + FIRST_SLICE_DEMOTION_MS)).toBe(true); // from the first step again
  });

  it('a run that finished but took over HEAVY_RUN_MS an action is demoted as reaching the slice would be', () => {
    const runs = new SyncRuns({ sliceMs: 5, share: 1 }, () => 0);
    runs.finished(isolate, ['h1', 'h2'], 2 * HEAVY_RUN_MS - 0.01, t0); // a chain of two, light enough
    expect(runs.mayRun(isolate, ['h1'], t0 + 1)).toBe(true);
    runs.finished(isolate, ['h1', 'h2'], 2 * HEAVY_RUN_MS + 0.5, t0);
    expect(runs.mayRun(isolate, ['h2'], t0 + FIRST_SLICE_DEMOTION_MS - 1)).toBe(false);
    expect(runs.mayRun(isolate, ['h2'], t0 + FIRST_SLICE_DEMOTION_MS)).toBe(true);
    expect(runs.counts).toEqual({ here: 2, slice: 0, host: 0 }); // both finished here; none was given up
  });

  it('an isolate past its share of the window waits for the next window', () => {
    const runs = new SyncRuns({ sliceMs: 5, share: 0.25 }, () => 0);
    expect(runs.mayRun(isolate, ['v'], t0)).toBe(true);
    runs.charge(isolate, SYNC_WINDOW_MS * 0.25, t0);
    expect(runs.mayRun(isolate, ['v'], t0 + 10)).toBe(false);
    expect(runs.mayRun({}, ['v'], t0 + 10)).toBe(true); // another tenant's isolate is not held back
    expect(runs.mayRun(isolate, ['v'], t0 + SYNC_WINDOW_MS)).toBe(true);
  });

  it('follows the service thread: off above HOST_BUSY, back under HOST_CALM, sampled every HOST_SAMPLE_MS', () => {
    let utilisation = 0.99;
    const runs = new SyncRuns({ sliceMs: 5, share: 1 }, () => utilisation);
    expect(runs.mayRun(isolate, ['v'], t0)).toBe(false);
    utilisation = 0.92; // between calm and busy: stays off
    expect(runs.mayRun(isolate, ['v'], t0 + HOST_SAMPLE_MS)).toBe(false);
    utilisation = 0.5;
    expect(runs.mayRun(isolate, ['v'], t0 + HOST_SAMPLE_MS + 1)).toBe(false); // not sampled again yet
    expect(runs.mayRun(isolate, ['v'], t0 + 2 * HOST_SAMPLE_MS)).toBe(true);
  });

  it('a slice of 0 turns it off', () => {
    const runs = new SyncRuns({ sliceMs: 0, share: 1 }, () => 0);
    expect(runs.enabled).toBe(false);
    expect(runs.mayRun(isolate, ['v'], t0)).toBe(false);
  });
});
