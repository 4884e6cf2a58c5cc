/**
 * The event store contract: what every EventStore adapter must do, written against the port alone so the same
 * suite runs on the embedded SQLite store and on EventStoreDB (through its protocol double or a shared real server).
 *
 *   runEventStoreContract('sqlite', async () => ({ store, dropSubscriptions, teardown }));
 *
 * `setup` runs once for the suite; cases use fresh, randomly named streams and take headPosition() as their
 * baseline, so the log may already hold events and other writers may be active.
 */
import { describeAppendContract } from './contract/append.contract';
import type { EventStoreFixture } from './contract/contract-support';
import { describeReadContract } from './contract/read.contract';
import { describeSubscriptionContract } from './contract/subscription.contract';

export type { EventStoreFixture } from './contract/contract-support';

export interface EventStoreContractOptions {
  /** How many events the large-read cases append and read back (default 100 000). */
  bigReadCount?: number;
}

export function runEventStoreContract(
  name: string,
  setup: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture | undefined;
    const access = (): EventStoreFixture => {
      if (!fixture) throw new Error('the event store fixture is not set up');
      return fixture;
    };

    beforeAll(async () => {
      fixture = await setup();
    }, 60_000);

    afterAll(async () => {
      await fixture?.teardown();
    }, 60_000);

    test('answers ping and reports a head position', async () => {
      await expect(access().store.ping()).resolves.toBeUndefined();
      const head = await access().store.headPosition();
      expect(typeof head.commit).toBe('bigint');
      expect(typeof head.prepare).toBe('bigint');
    });

    describeAppendContract(access);
    describeReadContract(access, { bigReadCount: options.bigReadCount ?? 100_000 });
    describeSubscriptionContract(access);
  });
}
