/**
 * The event store contract against a real EventStoreDB / KurrentDB node, when EVENTSTORE_CONNECTION_STRING names
 * one (a single host, e.g. esdb://127.0.0.1:2113?tls=false from `docker compose up eventstore`); skipped otherwise,
 * with the reason printed. Cases use fresh random streams, so a shared server with other data is fine.
 * Forced drops go through a TCP proxy on 127.0.0.1 whose connections the test severs: a real network cut.
 */
import { EsdbEventStore } from '../../src/event-store/esdb/esdb-event-store';
import { runEventStoreContract } from '../event-store/event-store.contract';
import { TcpProxy } from './tcp-proxy';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (!connectionString) {
  console.log(
    'EVENTSTORE_CONNECTION_STRING is not set: the contract against a real EventStoreDB is skipped ' +
      '(the protocol double runs it in esdb-double.contract.spec.ts).',
  );
  describe.skip('EventStore contract: EventStoreDB (real server; set EVENTSTORE_CONNECTION_STRING)', () => {
    test('runs only against a real server', () => undefined);
  });
} else {
  runEventStoreContract('EventStoreDB (real server)', async () => {
    const proxy = await TcpProxy.start(TcpProxy.targetOf(connectionString));
    const store = new EsdbEventStore({ connectionString: TcpProxy.rewrite(connectionString, proxy.port) });
    return {
      store,
      dropSubscriptions: async () => proxy.severAll(),
      teardown: async () => {
        await store.close();
        await proxy.close();
      },
    };
  });
}
