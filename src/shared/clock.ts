/** Time and ids enter the domain through commands; these are where they come from (fixed in tests). */
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
}
export interface IdGenerator {
  /** Lowercase UUIDv4 (Auth0 ids are UUIDs, observed). */
  newId(): string;
}

export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');

export const systemClock: Clock = { now: () => new Date() };
export const uuidGenerator: IdGenerator = { newId: () => randomUUID() };
