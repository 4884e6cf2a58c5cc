/**
 * The service's own end-to-end suites, run once more with the whole service on the EventStoreDB adapter: each
 * suite's service is configured with EVENTSTORE_CONNECTION_STRING pointing at a protocol double (see
 * service-harness.ts), so every write goes through BatchAppend and every projection reads `$all` over gRPC.
 * The suites are the very same files as under test/e2e, loaded here after switching the harness's event store.
 */
process.env.E2E_EVENT_STORE = 'esdb-double';

/* eslint-disable @typescript-eslint/no-require-imports */
require('../e2e/actions-lifecycle.e2e.spec');
require('../e2e/bindings.e2e.spec');
require('../e2e/api-edges.e2e.spec');
require('../e2e/runtime.e2e.spec');
require('../e2e/force-delete-convergence.e2e.spec');
require('../e2e/etag-round-trip.e2e.spec');
