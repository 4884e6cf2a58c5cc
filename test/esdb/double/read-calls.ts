/**
 * Streams.Read for the protocol double: one stream, `$all`, and catch-up subscriptions to `$all`.
 * Responses respect gRPC flow control (write until the call's buffer is full, then wait for 'drain'), so a slow
 * client holds the double back instead of the double buffering the whole log, as a real server's would.
 *
 * Subscription protocol (EventStoreDB Enumerator.AllSubscription): confirmation, then the catch-up (events strictly
 * after the start position), one caught-up message, then live events in log order as they are written.
 */
import * as grpc from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStart, InMemoryLog, LoggedEvent, StreamStart } from './in-memory-log';
import {
  caughtUpMessage,
  confirmationMessage,
  eventMessage,
  readFilter,
  streamNameOf,
  streamNotFoundMessage,
} from './wire';

type ReadCall = grpc.ServerWritableStream<ReadReq, ReadResp>;

const BACKWARDS = 1; // ReadReq.Options.ReadDirection.BACKWARDS
const UNBOUNDED = 2n ** 64n - 1n;

export function serveRead(
  log: InMemoryLog,
  call: ReadCall,
  options: ReadReq.Options,
  newSubscriptionId: () => string,
): void {
  const backwards = options.getReadDirection() === BACKWARDS;
  const count = options.hasCount() ? BigInt(options.getCount()) : UNBOUNDED;
  const filter = readFilter(options);
  if (options.hasStream()) {
    if (options.hasSubscription()) return unimplemented(call, 'stream subscriptions');
    const stream = options.getStream()!;
    const from: StreamStart = stream.hasRevision() ? BigInt(stream.getRevision()) : stream.hasEnd() ? 'end' : 'start';
    const events = log.readStream(streamNameOf(stream.getStreamIdentifier()), from, backwards, count);
    if (!events) return void sendThenEnd(call, [], streamNotFoundMessage(stream.getStreamIdentifier()));
    return void sendThenEnd(call, events);
  }
  const all = options.getAll();
  if (!all) return unimplemented(call, 'reads of neither a stream nor $all');
  const position = all.getPosition();
  const from: AllStart = position ? BigInt(position.getCommitPosition()) : all.hasEnd() ? 'end' : 'start';
  if (options.hasSubscription()) return subscribeToAll(log, call, from, filter, newSubscriptionId());
  void sendThenEnd(call, log.readAll(from, backwards, count, filter));
}

async function sendThenEnd(call: ReadCall, events: readonly LoggedEvent[], last?: ReadResp): Promise<void> {
  for (const e of events) if (!(await write(call, eventMessage(e)))) return;
  if (last && !(await write(call, last))) return;
  call.end();
}

function subscribeToAll(
  log: InMemoryLog,
  call: ReadCall,
  from: AllStart,
  filter: (e: LoggedEvent) => boolean,
  id: string,
): void {
  let next = from === 'start' ? 0 : from === 'end' ? log.events.length : log.indexAtOrAfter(from + 1n);
  let caughtUp = false;
  let pumping = false;
  const pump = async () => {
    if (pumping) return; // the running pump re-reads the log's length after every write
    pumping = true;
    try {
      while (next < log.events.length) {
        const e = log.events[next++];
        if (filter(e) && !(await write(call, eventMessage(e)))) return;
      }
      if (!caughtUp) {
        caughtUp = true;
        await write(call, caughtUpMessage());
        if (next < log.events.length) setImmediate(() => void pump());
      }
    } finally {
      pumping = false;
    }
  };
  const stopListening = log.onAppended(() => void pump());
  for (const event of ['close', 'finish', 'cancelled', 'error']) call.once(event, stopListening);
  void write(call, confirmationMessage(id)).then((open) => (open ? pump() : undefined));
}

/** Writes one message; waits for 'drain' when the call's buffer is full. Resolves false once the call is over. */
async function write(call: ReadCall, message: ReadResp): Promise<boolean> {
  if (isOver(call)) return false;
  if (call.write(message)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'cancelled', 'finish']) call.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'cancelled', 'finish']) call.once(event, done);
  });
  return !isOver(call);
}

function isOver(call: ReadCall): boolean {
  return call.cancelled || call.destroyed || call.writableEnded;
}

function unimplemented(call: ReadCall, what: string): void {
  call.emit('error', {
    code: grpc.status.UNIMPLEMENTED,
    details: `the protocol double does not serve ${what}`,
    metadata: new grpc.Metadata(),
  });
}
