/** Shared set-up for the EventStoreDB adapter tests: a protocol double and an adapter connected to it. */
import { EsdbEventStore, EsdbEventStoreOptions } from '../../src/event-store/esdb/esdb-event-store';
import { EsdbDouble, EsdbDoubleOptions } from './double/esdb-double';

export interface DoubleAndStore {
  double: EsdbDouble;
  store: EsdbEventStore;
  close: () => Promise<void>;
}

export async function startDoubleAndStore(
  doubleOptions: EsdbDoubleOptions = {},
  storeOptions: Omit<EsdbEventStoreOptions, 'connectionString'> = {},
): Promise<DoubleAndStore> {
  const double = new EsdbDouble(doubleOptions);
  const { connectionString } = await double.start();
  const store = new EsdbEventStore({ connectionString, deadlineMs: 1000, ...storeOptions });
  return {
    double,
    store,
    close: async () => {
      await store.close();
      await double.stop();
    },
  };
}
