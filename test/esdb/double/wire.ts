/**
 * Conversions between the protocol double's log and the gRPC messages of EventStoreDB's protos, using the message
 * classes generated into @eventstore/db-client (generated/streams_pb and friends).
 *
 * Message shapes come from streams.proto / shared.proto / serverfeatures.proto; how the server fills them from
 * its Streams.Read.cs (ConvertToRecordedEvent: type, content type and "created" travel in the metadata map,
 * "created" in .NET ticks since the Unix epoch) and Streams.BatchAppend.cs + Status.cs (a wrong expected version
 * is a google.rpc.Status with code ALREADY_EXISTS whose details pack event_store.client.WrongExpectedVersion,
 * inside a normal response: the call itself does not fail).
 */
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AllStreamPosition } from '@eventstore/db-client/generated/shared_pb';
import { BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, ExpectedState, LoggedEvent, ProposedEvent } from './in-memory-log';

/** google.rpc.Code values used here. */
const ALREADY_EXISTS = 6;
const DEADLINE_EXCEEDED = 4;

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

/** The client sends event ids as strings; the server parses them as GUIDs and answers in lower case. */
export function uuidText(uuid: UUID | undefined): string {
  if (!uuid?.hasString())
    throw new Error('the protocol double only accepts UUIDs in string form (what the Node client sends)');
  return uuid.getString().toLowerCase();
}

export function proposedEvent(message: BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidText(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

export function expectedStateOf(options: BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition()) return BigInt(options.getStreamPosition());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

export function batchAppendReply(
  correlation: UUID,
  stream: string,
  expected: ExpectedState,
  outcome: AppendOutcome,
): BatchAppendResp {
  const reply = new BatchAppendResp()
    .setCorrelationId(correlation)
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8')));
  if (outcome.kind === 'wrong_expected_version')
    return reply.setError(wrongExpectedVersionStatus(outcome.current, expected));
  const success = new BatchAppendResp.Success();
  if (outcome.revision === undefined) success.setNoStream(new GoogleEmpty());
  else success.setCurrentRevision(outcome.revision.toString());
  if (outcome.last) {
    const at = outcome.last.position.toString();
    success.setPosition(new AllStreamPosition().setCommitPosition(at).setPreparePosition(at));
  } else {
    success.setNoPosition(new GoogleEmpty());
  }
  return reply.setSuccess(success);
}

export function timeoutReply(correlation: UUID, stream: string): BatchAppendResp {
  const details = new Any();
  details.pack(new Empty().serializeBinary(), 'event_store.client.Timeout');
  return new BatchAppendResp()
    .setCorrelationId(correlation)
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8')))
    .setError(new Status().setCode(DEADLINE_EXCEEDED).setMessage('Timeout').setDetails(details));
}

function wrongExpectedVersionStatus(current: bigint | undefined, expected: ExpectedState): Status {
  const wrong = new WrongExpectedVersion();
  if (current === undefined) wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(current.toString());
  if (expected === 'any') wrong.setExpectedAny(new GoogleEmpty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new GoogleEmpty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new GoogleEmpty());
  else wrong.setExpectedStreamPosition(expected.toString());
  const details = new Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status().setCode(ALREADY_EXISTS).setMessage('WrongExpectedVersion').setDetails(details);
}

export function eventMessage(e: LoggedEvent): ReadResp {
  const at = e.position.toString();
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(e.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(e.stream, 'utf8')))
    .setStreamRevision(e.revision.toString())
    .setCommitPosition(at)
    .setPreparePosition(at)
    .setData(e.data)
    .setCustomMetadata(e.metadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', e.type);
  metadata.set('content-type', e.contentType);
  metadata.set('created', e.createdTicks.toString());
  return new ReadResp().setEvent(new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(at));
}

export function streamNotFoundMessage(identifier: StreamIdentifier | undefined): ReadResp {
  const notFound = new ReadResp.StreamNotFound();
  if (identifier) notFound.setStreamIdentifier(identifier);
  return new ReadResp().setStreamNotFound(notFound);
}

export function confirmationMessage(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

export function caughtUpMessage(): ReadResp {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

/** The filter a Read carries, on event type or stream name, by regex or prefixes (streams.proto FilterOptions). */
export function readFilter(options: ReadReq.Options): (e: LoggedEvent) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const subject = (e: LoggedEvent) => (onType ? e.type : e.stream);
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return (e) => prefixes.some((p) => subject(e).startsWith(p));
  const regex = new RegExp(expression.getRegex());
  return (e) => regex.test(subject(e));
}

/** What a real node advertises that matters to the client: Streams.BatchAppend exists, so appends use it. */
export function supportedMethods(): SupportedMethods {
  const method = (service: string, name: string) => new SupportedMethod().setServiceName(service).setMethodName(name);
  return new SupportedMethods()
    .setEventStoreServerVersion('0.0.0-protocol-double')
    .setMethodsList([
      method('event_store.client.streams.streams', 'read'),
      method('event_store.client.streams.streams', 'batchappend'),
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
    ]);
}
