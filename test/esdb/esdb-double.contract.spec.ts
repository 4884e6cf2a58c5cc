/** The event store contract, run against the EventStoreDB adapter over real gRPC, through the protocol double. */
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import { runEventStoreContract } from '../event-store/event-store.contract';
import { EsdbDouble } from './double/esdb-double';

runEventStoreContract(
  'EventStoreDB adapter via the protocol double',
  async () => {
    const double = new EsdbDouble();
    const { connectionString } = await double.start();
    const store = new EsdbEventStore({ connectionString, deadlineMs: 5000 });
    return {
      store,
      dropSubscriptions: async () => double.dropAllSubscriptions(),
      teardown: async () => {
        await store.close();
        await double.stop();
      },
    };
  },
  { bigReadCount: 20_000 },
);
