"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EsdbSubscription = void 0;
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
const db_client_1 = require("@eventstore/db-client");
const port_1 = require("../port");
const esdb_calls_1 = require("./esdb-calls");
const esdb_records_1 = require("./esdb-records");
const RESUBSCRIBE_BACKOFF = { baseDelayMs: 100, maxDelayMs: 5000 };
class EsdbSubscription {
    client;
    options;
    settings;
    stopped = false;
    lastSeen;
    eventTypes;
    current;
    cancelPause;
    constructor(client, options, settings) {
        this.client = client;
        this.options = options;
        this.settings = settings;
        this.lastSeen = options.after;
        this.eventTypes = options.eventTypes ? new Set(options.eventTypes) : undefined;
    }
    async stop() {
        if (this.stopped)
            return;
        this.stopped = true;
        this.cancelPause?.();
        await this.endCurrent();
        this.settings.onStopped();
    }
    async *[Symbol.asyncIterator]() {
        let failures = 0;
        try {
            while (!this.stopped) {
                const subscription = this.subscribe(() => { failures = 0; });
                try {
                    for await (const resolved of subscription) {
                        if (this.stopped)
                            return;
                        const event = (0, esdb_records_1.toRecordedEvent)(resolved);
                        if (!event || (0, port_1.comparePositions)(event.position, this.lastSeen) <= 0)
                            continue;
                        this.lastSeen = event.position;
                        if ((0, esdb_records_1.isSystemEvent)(event.type, event.stream) || (this.eventTypes && !this.eventTypes.has(event.type)))
                            continue;
                        yield event;
                    }
                    if (this.stopped)
                        return;
                    failures++;
                    this.settings.logger.warn({ after: (0, port_1.positionToString)(this.lastSeen) }, 'EventStoreDB ended the subscription to $all; resubscribing');
                }
                catch (error) {
                    if (this.stopped)
                        return;
                    if (!(0, esdb_calls_1.isTransient)(error))
                        throw error;
                    failures++;
                    this.settings.logger.warn({ after: (0, port_1.positionToString)(this.lastSeen), failures, err: error.message }, 'subscription to $all dropped; resubscribing after the last event received');
                }
                finally {
                    await this.endCurrent();
                }
                await this.pause((0, esdb_calls_1.backoffDelay)(failures, RESUBSCRIBE_BACKOFF));
            }
        }
        finally {
            if (!this.stopped)
                await this.stop();
        }
    }
    subscribe(onConfirmed) {
        const fromPosition = (0, port_1.comparePositions)(this.lastSeen, port_1.START) === 0
            ? db_client_1.START
            : { commit: this.lastSeen.commit, prepare: this.lastSeen.prepare };
        const subscription = this.client.subscribeToAll({ fromPosition, filter: (0, esdb_records_1.subscriptionFilter)(this.options.eventTypes) });
        const deadlineMs = this.settings.confirmationDeadlineMs;
        const unconfirmed = setTimeout(() => subscription.destroy(new esdb_calls_1.CallDeadlineError('subscribe to $all', deadlineMs)), deadlineMs);
        subscription.once('confirmation', () => {
            clearTimeout(unconfirmed);
            onConfirmed();
        });
        subscription.once('close', () => clearTimeout(unconfirmed));
        this.current = subscription;
        return subscription;
    }
    async endCurrent() {
        const subscription = this.current;
        this.current = undefined;
        if (!subscription)
            return;
        await subscription.unsubscribe().catch(() => undefined);
        subscription.destroy();
    }
    pause(ms) {
        return new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            this.cancelPause = () => {
                clearTimeout(timer);
                resolve();
            };
        });
    }
}
exports.EsdbSubscription = EsdbSubscription;
//# sourceMappingURL=esdb-subscription.js.map