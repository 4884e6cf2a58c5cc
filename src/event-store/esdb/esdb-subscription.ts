/**
 * A catch-up subscription to EventStoreDB's `$all` that survives drops.
 *
 * - Starts strictly after `options.after` (EventStoreDB's subscription start position is exclusive).
 * - Filters on the server (event types, or "not a system event"), and again here: system streams never reach the
 *   consumer, nor unrequested types.
 * - Remembers the position of the last event it received and, when the subscription drops (server gone, network
 *   cut, server-side cancel, or no confirmation within the deadline), subscribes again after that position, with
 *   capped backoff that resets once the server confirms. Anything at or before that position is skipped, so nothing
 *   is repeated; the server sends every event after it, so nothing is lost.
 * - A failure that is not transient (e.g. access denied) ends the iteration with that error.
 * - stop() ends the iteration; so does the consumer leaving its for-await loop.
 */
import { AllStreamSubscription, EventStoreDBClient, START } from '@eventstore/db-client';
import {
  comparePositions,
  Position,
  positionToString,
  RecordedEvent,
  START as LOG_START,
  SubscribeOptions,
  Subscription,
} from '../port';
import { Backoff, backoffDelay, pause } from '../../shared/retry';
import { CallDeadlineError, isTransient } from './esdb-calls';
import type { EsdbLogger } from './esdb-event-store';
import { isSystemEvent, subscriptionFilter, toRecordedEvent } from './esdb-records';

export interface EsdbSubscriptionSettings {
  /** How long the server has to confirm a (re)subscription before it counts as dropped. */
  confirmationDeadlineMs: number;
  logger: EsdbLogger;
  onStopped: () => void;
}

const RESUBSCRIBE_BACKOFF: Backoff = { initialDelayMs: 100, maxDelayMs: 5000 };

export class EsdbSubscription implements Subscription {
  private readonly stopping = new AbortController();
  private lastSeen: Position;
  private readonly eventTypes?: ReadonlySet<string>;
  private current?: AllStreamSubscription;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly settings: EsdbSubscriptionSettings,
  ) {
    this.lastSeen = options.after;
    this.eventTypes = options.eventTypes ? new Set(options.eventTypes) : undefined;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopping.abort();
    await this.endCurrent();
    this.settings.onStopped();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let failures = 0;
    try {
      while (!this.stopped) {
        const subscription = this.subscribe(() => {
          failures = 0;
        });
        try {
          for await (const resolved of subscription) {
            if (this.stopped) return;
            const event = toRecordedEvent(resolved);
            if (!event || comparePositions(event.position, this.lastSeen) <= 0) continue;
            this.lastSeen = event.position;
            if (isSystemEvent(event.type, event.stream) || (this.eventTypes && !this.eventTypes.has(event.type)))
              continue;
            yield event;
          }
          if (this.stopped) return;
          failures++;
          this.settings.logger.warn(
            { after: positionToString(this.lastSeen) },
            'EventStoreDB ended the subscription to $all; resubscribing',
          );
        } catch (error) {
          if (this.stopped) return;
          if (!isTransient(error)) throw error;
          failures++;
          this.settings.logger.warn(
            { after: positionToString(this.lastSeen), failures, err: (error as Error).message },
            'subscription to $all dropped; resubscribing after the last event received',
          );
        } finally {
          await this.endCurrent();
        }
        await pause(backoffDelay(failures, RESUBSCRIBE_BACKOFF), this.stopping.signal);
      }
    } finally {
      if (!this.stopped) await this.stop();
    }
  }

  private subscribe(onConfirmed: () => void): AllStreamSubscription {
    const fromPosition =
      comparePositions(this.lastSeen, LOG_START) === 0
        ? START
        : { commit: this.lastSeen.commit, prepare: this.lastSeen.prepare };
    const subscription = this.client.subscribeToAll({
      fromPosition,
      filter: subscriptionFilter(this.options.eventTypes),
    });
    const deadlineMs = this.settings.confirmationDeadlineMs;
    const unconfirmed = setTimeout(
      () => subscription.destroy(new CallDeadlineError('subscribe to $all', deadlineMs)),
      deadlineMs,
    );
    subscription.once('confirmation', () => {
      clearTimeout(unconfirmed);
      onConfirmed();
    });
    subscription.once('close', () => clearTimeout(unconfirmed));
    this.current = subscription;
    return subscription;
  }

  private async endCurrent(): Promise<void> {
    const subscription = this.current;
    this.current = undefined;
    if (!subscription) return;
    await subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  }
}
