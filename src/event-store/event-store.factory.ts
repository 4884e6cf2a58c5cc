/** Chooses the event store from configuration: EventStoreDB when a connection string is set, else the embedded file. */
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import type { EventStore } from './port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { PinoLogger } from '../shared/logging';

export const EMBEDDED_EVENT_STORE_FILE = 'events.sqlite';

interface EsdbModule {
  EsdbEventStore: new (o: { connectionString: string; logger?: PinoLogger }) => EventStore;
}

export function createEventStore(config: AppConfig, logger: PinoLogger): EventStore {
  if (config.eventStoreConnectionString) {
    // Loaded only when configured: the gRPC client stays out of the embedded default's start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EsdbEventStore } = require('./esdb/esdb-event-store') as EsdbModule;
    return new EsdbEventStore({
      connectionString: config.eventStoreConnectionString,
      logger: logger.child({ component: 'esdb' }),
    });
  }
  return new SqliteEventStore({ file: path.join(config.dataDir, EMBEDDED_EVENT_STORE_FILE) });
}
