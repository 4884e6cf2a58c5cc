/**
 * EventStoreDB protocol double: an in-process gRPC server (@grpc/grpc-js) serving the service definitions that
 * @eventstore/db-client ships (generated/*_grpc_pb), over an in-memory log. A test tool, not a product: it answers
 * only the calls our adapter's client makes, with the semantics below, and exposes controls and faults for tests.
 *
 * Calls served, and where their semantics come from:
 * - ServerFeatures.GetSupportedMethods: the client asks on its first append (Client.capabilities). Like a real node
 *   (ServerFeatures.cs, lower-cased names) it lists Streams.BatchAppend, so the client appends through BatchAppend,
 *   the path it takes against every server since 21.10. No Gossip: the client only asks for it with dns discovery
 *   or several hosts in the connection string.
 * - Streams.BatchAppend (Streams.BatchAppend.cs): one long-lived duplex call; requests carry a correlation id, the
 *   options on the first chunk, `is_final` on the last; each append is answered on the stream with its correlation
 *   id. A wrong expected version is an error Status IN the response (the call goes on). A request whose deadline
 *   has passed when it completes is answered with a Timeout status and not written.
 * - Streams.Read (Streams.Read.cs, Enumerators): stream reads (stream_not_found message for a missing stream),
 *   `$all` reads (forwards inclusive of the start position, backwards exclusive), filters on event type or stream
 *   name, and subscriptions to `$all`: a confirmation first, then every event strictly after the start position,
 *   a caught-up message, then live events as they are written (Enumerator.AllSubscription).
 * - Write and read rules, positions and idempotency: see in-memory-log.ts. Message shapes: see wire.ts.
 * - Client behaviour relied on (its dist/ code): UUIDs as strings, JSON data base64-free bytes, Unavailable errors
 *   make it reconnect, a subscription's gRPC error surfaces as an error on its stream.
 */
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { UUID } from '@eventstore/db-client/generated/shared_pb';
import type { BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { ExpectedState, InMemoryLog, ProposedEvent } from './in-memory-log';
import { serveRead } from './read-calls';
import {
  batchAppendReply,
  expectedStateOf,
  proposedEvent,
  streamNameOf,
  supportedMethods,
  timeoutReply,
  uuidText,
} from './wire';

export interface EsdbDoubleOptions {
  /** Log position of the first event; start beyond 2^53 to prove positions travel losslessly. Default 0. */
  firstPosition?: bigint;
  /** After every Nth client append the double writes a system event too, so filtering is always exercised. 0: never. Default 3. */
  systemEventEvery?: number;
}

/** An append as the double received it: lets tests check that a retry repeated the identical request. */
export interface ReceivedAppend {
  stream: string;
  expected: ExpectedState;
  eventIds: string[];
}

interface PendingAppend {
  correlation: UUID;
  stream: string;
  expected: ExpectedState;
  deadline?: number;
  events: ProposedEvent[];
}

export class EsdbDouble {
  readonly log: InMemoryLog;
  readonly receivedAppends: ReceivedAppend[] = [];
  /** Faults for the next calls; each counter is used up one call at a time. */
  readonly faults = {
    /** Appends that are written but never answered (the acknowledgement is lost; the client's call hangs). */
    loseAcknowledgements: 0,
    /** Appends that are written, then the whole BatchAppend call fails with UNAVAILABLE (connection lost after commit). */
    failAfterCommit: 0,
    /** Reads (not subscriptions) that fail with UNAVAILABLE before doing anything. */
    unavailableReads: 0,
    /** Reads (not subscriptions) that are never answered. */
    stalledReads: 0,
    /** Subscriptions that are never confirmed nor fed. */
    silentSubscriptions: 0,
  };
  /** Where each subscription to `$all` asked to start: a commit position, or 'start' / 'end'. */
  readonly subscriptionStarts: (bigint | 'start' | 'end')[] = [];
  readonly subscriptions = new Set<grpc.ServerWritableStream<ReadReq, ReadResp>>();
  private readonly systemEventEvery: number;
  private server?: grpc.Server;
  private port = 0;
  private appendsSinceSystemEvent = 0;

  constructor(options: EsdbDoubleOptions = {}) {
    this.log = new InMemoryLog(options.firstPosition ?? 0n);
    this.systemEventEvery = options.systemEventEvery ?? 3;
  }

  get connectionString(): string {
    if (!this.port) throw new Error('the protocol double is not started');
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Listens on 127.0.0.1 (a free port the first time, the same port after stop() or restart()). */
  async start(): Promise<{ connectionString: string }> {
    if (this.server) throw new Error('the protocol double is already running');
    const server = new grpc.Server();
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
        callback(null, supportedMethods()),
    });
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
    });
    this.port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${this.port}`, grpc.ServerCredentials.createInsecure(), (e, port) =>
        e ? reject(e) : resolve(port),
      );
    });
    this.server = server;
    return { connectionString: this.connectionString };
  }

  /** Stops listening and cuts every open call, as a crashed or restarting node would. The log is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.subscriptions.clear();
    server?.forceShutdown();
  }

  /** stop() then start() on the same port, keeping the log. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Ends every live subscription with UNAVAILABLE, as a dropped connection would; other calls go on. */
  dropAllSubscriptions(): void {
    for (const call of this.subscriptions) failCall(call, 'subscription dropped by the test');
    this.subscriptions.clear();
  }

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    if (!options) return failCall(call, 'Read without options', grpc.status.INVALID_ARGUMENT);
    const subscribing = options.hasSubscription();
    if (!subscribing && this.faults.unavailableReads > 0) {
      this.faults.unavailableReads--;
      return failCall(call, 'read refused by the test (UNAVAILABLE)');
    }
    if (!subscribing && this.faults.stalledReads > 0) {
      this.faults.stalledReads--;
      return; // never answered: only the caller's deadline ends it
    }
    if (subscribing) {
      const position = options.getAll()?.getPosition();
      this.subscriptionStarts.push(
        position ? BigInt(position.getCommitPosition()) : options.getAll()?.hasEnd() ? 'end' : 'start',
      );
      this.subscriptions.add(call);
      const forget = () => this.subscriptions.delete(call);
      call.on('cancelled', forget);
      call.on('close', forget);
      if (this.faults.silentSubscriptions > 0) {
        this.faults.silentSubscriptions--;
        return;
      }
    }
    serveRead(this.log, call, options, randomUUID);
  }

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, PendingAppend>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId()!;
      const key = uuidText(correlation);
      const options = request.getOptions();
      if (options) {
        const deadline = options.getDeadline()?.toDate().getTime();
        pending.set(key, {
          correlation,
          stream: streamNameOf(options.getStreamIdentifier()),
          expected: expectedStateOf(options),
          deadline,
          events: [],
        });
      }
      const append = pending.get(key);
      if (!append) return;
      append.events.push(...request.getProposedMessagesList().map(proposedEvent));
      if (!request.getIsFinal()) return;
      pending.delete(key);
      this.completeAppend(call, append);
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  }

  private completeAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>, append: PendingAppend): void {
    const { correlation, stream, expected, events } = append;
    this.receivedAppends.push({ stream, expected, eventIds: events.map((e) => e.id) });
    if (append.deadline !== undefined && Date.now() > append.deadline)
      return void call.write(timeoutReply(correlation, stream));
    const outcome = this.log.append(stream, expected, events);
    if (
      outcome.kind === 'written' &&
      this.systemEventEvery > 0 &&
      ++this.appendsSinceSystemEvent >= this.systemEventEvery
    ) {
      this.appendsSinceSystemEvent = 0;
      this.log.appendSystemEvent();
    }
    if (outcome.kind === 'written' && this.faults.loseAcknowledgements > 0) {
      this.faults.loseAcknowledgements--;
      return;
    }
    if (outcome.kind === 'written' && this.faults.failAfterCommit > 0) {
      this.faults.failAfterCommit--;
      return failCall(call, 'connection lost after the append was written (test fault)');
    }
    call.write(batchAppendReply(correlation, stream, expected, outcome));
  }
}

/** Ends a server call with an error status; the client sees it as that gRPC status (UNAVAILABLE by default). */
export function failCall(
  call: grpc.ServerWritableStream<ReadReq, ReadResp> | grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
  details: string,
  code = grpc.status.UNAVAILABLE,
): void {
  call.emit('error', { code, details, metadata: new grpc.Metadata() });
}
