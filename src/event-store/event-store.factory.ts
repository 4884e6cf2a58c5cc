/** Chooses the event store from configuration: EventStoreDB when a connection string is set, else the embedded file. */
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import type { EventStore } from './port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { EsdbEventStore } from './esdb/esdb-event-store';
import type { PinoLogger } from '../shared/logging';

export const EMBEDDED_EVENT_STORE_FILE = 'events.sqlite';

export function createEventStore(config: AppConfig, logger: PinoLogger): EventStore {
  if (config.eventStoreConnectionString) {
    return new EsdbEventStore({ connectionString: config.eventStoreConnectionString, logger: logger.child({ component: 'esdb' }) });
  }
  return new SqliteEventStore({ file: path.join(config.dataDir, EMBEDDED_EVENT_STORE_FILE) });
}
