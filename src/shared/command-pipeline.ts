/**
 * The one generic write path every command uses: read the stream → fold → decide → append with the revision read
 * → wait until the projections have reached the append, so the response (and any GET after it) reflects the write.
 *
 * Concurrency: a command pinned to a revision by the client (If-Match) is never retried; a mismatch is a 412.
 * Otherwise a conflict is retried a bounded number of times, re-reading and re-deciding, then reported as 409.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EVENT_STORE, EventStore, Position, readStreamPaged, WrongExpectedRevisionError } from '../event-store/port';
import { upcastAs } from '../event-store/upcasters';
import type { Decider, DomainEvent } from './decider';
import { ConflictError, PreconditionFailedError } from './domain-errors';
import { PinoLogger, LOGGER } from './logging';
import { Backoff, retry } from './retry';

export interface ProjectionProgress {
  /** Resolves true once every running projection has applied the log up to `position`. */
  waitForPosition(position: Position, timeoutMs: number): Promise<boolean>;
}
export const PROJECTION_PROGRESS = Symbol('PROJECTION_PROGRESS');

export interface CommandContext {
  tenantId: string;
  actor: string;
  correlationId: string;
  /** Id of the command (or request) that caused the events. */
  causationId: string;
}

export type StreamRevision = bigint | 'no_stream';

export interface LoadedStream<S> {
  state: S;
  revision: StreamRevision;
}

export interface RunOptions<S, C, E extends DomainEvent> {
  decider: Decider<S, C, E>;
  stream: string;
  /** Builds the command from the current state; may do I/O (builds, lookups). Runs again on each retry. */
  command: (loaded: LoadedStream<S>) => C | Promise<C>;
  context: CommandContext;
  /** Revision the client pinned with If-Match. */
  expectedRevision?: StreamRevision;
  /**
   * Throws when the caller may not see the stream's resource (another tenant's, absent, deleted). Runs before the
   * If-Match check, so a resource the caller cannot see is a 404 whatever revision is pinned, never a 412
   * (docs/security.md, "HTTP and authentication").
   */
  guard?: (state: S) => void;
}

export interface RunResult<S, E> {
  events: E[];
  state: S;
  revision: StreamRevision;
  position?: Position;
}

const MAX_ATTEMPTS = 4;
/** A conflict is retried at once: the other write has landed, and re-reading is all it takes. */
const CONFLICT_BACKOFF: Backoff = { initialDelayMs: 0, maxDelayMs: 0 };

@Injectable()
export class CommandPipeline {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_PROGRESS) private readonly projections: ProjectionProgress,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: PinoLogger,
  ) {}

  async load<S, C, E extends DomainEvent>(decider: Decider<S, C, E>, stream: string): Promise<LoadedStream<S>> {
    let state = decider.initialState();
    let revision: StreamRevision = 'no_stream';
    for await (const recorded of readStreamPaged(this.store, stream)) {
      state = decider.evolve(state, upcastAs<E>(recorded));
      revision = recorded.revision;
    }
    return { state, revision };
  }

  async run<S, C, E extends DomainEvent>(options: RunOptions<S, C, E>): Promise<RunResult<S, E>> {
    const { stream, expectedRevision } = options;
    try {
      return await retry(() => this.runOnce(options), {
        attempts: MAX_ATTEMPTS,
        backoff: CONFLICT_BACKOFF,
        isRetryable: (error) => error instanceof WrongExpectedRevisionError && expectedRevision === undefined,
        onRetry: ({ attempt }) => this.logger.debug({ stream, attempt }, 'write conflict, retrying'),
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (expectedRevision !== undefined) throw preconditionFailed();
      throw new ConflictError('The resource was changed by another request at the same time; please retry.');
    }
  }

  /** One read → decide → append; a conflict surfaces as the store's WrongExpectedRevisionError. */
  private async runOnce<S, C, E extends DomainEvent>(options: RunOptions<S, C, E>): Promise<RunResult<S, E>> {
    const { decider, stream, context, expectedRevision } = options;
    const loaded = await this.load(decider, stream);
    options.guard?.(loaded.state);
    if (expectedRevision !== undefined && loaded.revision !== expectedRevision) throw preconditionFailed();
    const command = await options.command(loaded);
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { events, state: loaded.state, revision: loaded.revision };
    const causationId = randomUUID();
    const result = await this.store.append(
      stream,
      events.map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: e.data,
        metadata: { ...context, causationId: context.causationId ?? causationId },
      })),
      loaded.revision,
    );
    await this.waitForProjections(result.position);
    const state = events.reduce(decider.evolve, loaded.state);
    return { events, state, revision: result.nextRevision, position: result.position };
  }

  async waitForProjections(position: Position): Promise<void> {
    const reached = await this.projections.waitForPosition(position, this.config.projectionWaitMs);
    if (!reached)
      this.logger.warn(
        { position: String(position.commit) },
        'projections did not reach the write in time; the response may be stale',
      );
  }
}

export function preconditionFailed(): PreconditionFailedError {
  return new PreconditionFailedError('The resource was modified: the If-Match revision is no longer current.');
}
