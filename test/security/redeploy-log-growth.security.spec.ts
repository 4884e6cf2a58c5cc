/**
 * Issue 9 (medium): unchanged redeploys must not grow the log by the whole code. Code is stored once per action
 * stream by content hash (src/actions/action-code.ts); a deploy, a rollback or a secrets-only update of unchanged
 * code adds a hash, and versions are still never pruned.
 */
import { EVENT_STORE, EventStore, readStreamPaged } from '../../src/event-store/port';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, Sdk, sdk, updateBuilt } from '../support/sdk';

const BIG_CODE = `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('n', 1); };\n//${'x'.repeat(100 * 1024 - 200)}`;

describe('log growth of unchanged redeploys', () => {
  let service: RunningService;
  let client: Sdk;
  beforeAll(async () => {
    service = await startService();
    client = sdk(service.apiUrl, await service.token());
  });
  afterAll(() => service.stop());

  const streamBytes = async (id: string) => {
    let bytes = 0;
    for await (const e of readStreamPaged(service.app.get<symbol, EventStore>(EVENT_STORE), `action-${id}`))
      bytes += JSON.stringify(e.data).length;
    return bytes;
  };

  it('20 deploys, a rollback and a secrets-only update of one unchanged 100 kB draft add bytes, not kilobytes, each', async () => {
    const { id } = await createBuilt(client, {
      name: 'big',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: BIG_CODE,
    });
    const first = await client.actions.deploy(id);
    const before = await streamBytes(id);
    for (let i = 0; i < 20; i++) await client.actions.deploy(id);
    await client.actions.versions.deploy(id, first.id, { update_draft: true });
    await updateBuilt(client, id, { secrets: [{ name: 'K', value: 'v' }] });
    const grown = (await streamBytes(id)) - before;
    expect(grown / 23).toBeLessThan(2048); // was ~100 kB per deploy when every version carried the code

    // nothing is lost: every version still serves its full code
    const versions = (await client.actions.versions.list(id, { per_page: 50 })).data;
    expect(versions).toHaveLength(22);
    for (const v of versions) expect(v.code).toBe(BIG_CODE);
    expect((await client.actions.get(id)).code).toBe(BIG_CODE);
    // a read model rebuilt from position 0 out of the packed events serves the same code
    await service.app.get(ProjectionRunner).rebuild('actions');
    expect((await client.actions.versions.list(id, { per_page: 50 })).data).toEqual(versions);
  });
});
