/**
 * The audit API suite once more with the service on the EventStoreDB adapter (gRPC protocol double, see
 * service-harness.ts): history, diff and as_of read the streams through the adapter and its positions.
 */
process.env.E2E_EVENT_STORE = 'esdb-double';

/* eslint-disable @typescript-eslint/no-require-imports */
require('./audit-api.e2e.spec');
