/**
 * Calls into one isolate's thread, gathered over one turn of the host's event loop and made as one call
 * (docs/performance.md, "Fourth round"). A call from the main thread into an isolate is a hand-off between threads,
 * and under load the isolate's thread goes to sleep between two of them: waking it costs more CPU than a short
 * action's run. A tenant's executions that reach their call in the same turn go in together, through the
 * dispatcher's `runBatch` (chain-dispatch.ts); each gets its results back as soon as its own chain settles, so one
 * that waits for the host holds up no other. A call alone in its turn is made as before (its context's `invoke`, or
 * the dispatcher's `runChain` for a chain).
 *
 * A batched call fails as a whole: a synchronous overrun of one of its actions (stopped by isolated-vm's timeout,
 * the earliest deadline of the batch), the memory cap or the loss of the isolate fails every chain of the batch that
 * had not answered yet. Those are the same tenant's executions that would otherwise have waited behind the overrun on
 * the isolate's one thread.
 */
import ivm from 'isolated-vm';
import type { ChainStepResult } from './chain-dispatch';
import type { ContextBoot, Dispatcher, WarmContext } from './context-boot';
import { msUntil } from './run-outcomes';

/** One execution's call: a chain of one or more actions (Sandbox.runSeries). */
export interface ChainCall {
  eventJson: string;
  commandBytesLeft: number;
  /** Counts the chain's finished actions (a chain of more than one): the host reads it when the call fails. */
  progress?: SharedArrayBuffer;
  steps: { handler: string; secretsJson?: string; warm: WarmContext }[];
  /** Epoch ms by which the call must be over. */
  deadline: number;
}

/** Calls made, how many of them went in a batch with others, and in how many batches. */
export interface CallCounts {
  calls: number;
  batched: number;
  batches: number;
}

interface Member {
  call: ChainCall;
  resolve: (results: ChainStepResult[]) => void;
  reject: (error: unknown) => void;
  settled: boolean;
}

export class CallBatches {
  private queued: Member[] = [];
  private readonly open = new Map<number, { members: Member[]; left: number }>();
  private lastBatch = 0;
  constructor(
    private readonly boot: ContextBoot,
    /** Counts a call on the isolate's own thread while it lasts (TenantIsolate.onItsThread). */
    private readonly onItsThread: <T>(work: Promise<T>) => Promise<T>,
    /** Counted here (shared by the isolates of a pool: Sandbox.callStats). */
    private readonly counts: CallCounts = { calls: 0, batched: 0, batches: 0 },
  ) {}

  /** The chain's results once it settles, its call made with the others of this turn. */
  call(call: ChainCall): Promise<ChainStepResult[]> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(this.flush);
      this.queued.push({ call, resolve, reject, settled: false });
    });
  }

  /** The dispatcher's `deliver` (context-boot.ts): a batched chain settled. A late answer of a failed one is dropped. */
  readonly delivered = (batch: number, index: number, resultJson: string): void => {
    const open = this.open.get(batch);
    const member = open?.members[index];
    if (member) this.settle(batch, member, () => member.resolve(JSON.parse(String(resultJson)) as ChainStepResult[]));
  };

  private readonly flush = (): void => {
    const members = this.queued;
    this.queued = [];
    this.counts.calls += members.length;
    if (members.length === 1) void this.alone(members[0]);
    else void this.together(members);
  };

  private dispatcher(): Promise<Dispatcher> {
    return this.onItsThread(this.boot.chainDispatcher());
  }

  private async alone(member: Member): Promise<void> {
    const { call } = member;
    try {
      const ref = call.steps.length > 1 ? (await this.dispatcher()).chain : call.steps[0].warm.invoke;
      const json = (await ref.apply(undefined, aloneArgs(call, false), {
        timeout: msUntil(call.deadline),
        result: { promise: true },
      })) as string;
      member.resolve(resultsOf(call, json));
    } catch (e) {
      member.reject(e);
    }
  }

  private async together(members: Member[]): Promise<void> {
    const batch = ++this.lastBatch;
    this.counts.batched += members.length;
    this.counts.batches++;
    this.open.set(batch, { members, left: members.length });
    try {
      const { batch: runBatch } = await this.dispatcher();
      const args: unknown[] = [batch];
      let deadline = Infinity;
      for (const { call } of members) {
        args.push(call.eventJson, call.commandBytesLeft, progressArg(call), call.steps.length, ...stepArgs(call));
        deadline = Math.min(deadline, call.deadline);
      }
      await runBatch.apply(undefined, args, { timeout: msUntil(deadline) });
    } catch (e) {
      // Answers queued before the failure were handed over first (isolated-vm keeps their order): the rest ran in it.
      const failure = new SharedCallFailure(e, members.length - 1);
      for (const member of members) this.settle(batch, member, () => member.reject(failure));
    }
  }

  private settle(batch: number, member: Member, how: () => void): void {
    if (member.settled) return;
    member.settled = true;
    const open = this.open.get(batch);
    if (open && --open.left === 0) this.open.delete(batch);
    how();
  }
}

/** A batched call failed: its error (message and all), and how many other executions ran in it. */
export class SharedCallFailure extends Error {
  override readonly name = 'SharedCallFailure';

  constructor(
    override readonly cause: unknown,
    readonly others: number,
  ) {
    super(String((cause as Partial<Error> | undefined)?.message ?? cause));
  }

  /** Said with the error of each execution of the batch: which of them caused it cannot be told. */
  get note(): string {
    return ` (it ran in one call with ${this.others} other execution(s) of this tenant: any of them may have caused this)`;
  }
}

/** The arguments of a call made alone: its one context's `invoke`, or the dispatcher's `runChain` (chain-dispatch.ts). */
export function aloneArgs(call: ChainCall, sync: boolean): unknown[] {
  if (call.steps.length > 1) return [call.eventJson, call.commandBytesLeft, progressArg(call), sync, ...stepArgs(call)];
  const [step] = call.steps;
  return [step.handler, call.eventJson, call.commandBytesLeft, step.secretsJson, sync];
}

/** The chain's results from the answer of a call made alone (a context's `invoke` answers one result, no time). */
export function resultsOf(call: ChainCall, json: string): ChainStepResult[] {
  return call.steps.length > 1
    ? (JSON.parse(json) as ChainStepResult[])
    : [[JSON.parse(json) as ChainStepResult[0], 0]];
}

function progressArg(call: ChainCall): unknown {
  return call.progress && new ivm.ExternalCopy(call.progress).copyInto();
}

function stepArgs(call: ChainCall): unknown[] {
  return call.steps.flatMap((step) => [step.handler, step.secretsJson, step.warm.invokeChained.derefInto()]);
}
