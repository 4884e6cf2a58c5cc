/**
 * The one place where stored event shapes are brought up to the current ones, at the read boundary (the command
 * pipeline's load and the projection runner). Deciders and projections only ever see current shapes.
 *
 * Add an entry when an event's stored shape changes: prefer additive optional fields with defaults; a breaking
 * change gets a new type name. Each upcaster gets a fixture test built from real stored JSON (upcasters.unit.spec.ts).
 */
import type { DomainEvent } from '../shared/decider';
import type { RecordedEvent } from './port';

type Upcaster = (data: Record<string, unknown>, event: RecordedEvent) => Record<string, unknown>;

/** Empty so far: every stored shape is still current. */
export const upcasters: Record<string, Upcaster> = {};

export function upcast<E extends RecordedEvent>(event: E): E {
  const up = upcasters[event.type];
  if (!up) return event;
  return { ...event, data: up(event.data as Record<string, unknown>, event) };
}

/**
 * The event brought up to date, as a member of the union `E` of the stream it was read from: a stream holds only its
 * feature's events (streams.ts), and a decider's `evolve` leaves a type it does not know as it is.
 */
export function upcastAs<E extends DomainEvent>(event: RecordedEvent): E & RecordedEvent {
  return upcast(event) as E & RecordedEvent;
}
