/**
 * Issue 14: a write answers from the action's stream, not from the read model: with the projections stopped (as
 * when one is parked or far behind), a create and an update that succeeded still answer their resource and ETag.
 */
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { apiCall } from '../support/api-call';
import { RunningService, startService } from '../support/service-harness';
import { createBuilt, sdk } from '../support/sdk';

const CODE = 'exports.onExecutePostLogin = async () => {};';

describe('writes answer from the stream', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ env: { PROJECTION_WAIT_MS: '200', LOG_LEVEL: 'error' } }); // the stale-answer warnings are expected here
  });
  afterAll(() => service.stop());

  it('create and update answer their resource and ETag while the read models do not move', async () => {
    const token = await service.token();
    const { id } = await createBuilt(sdk(service.apiUrl, token), {
      name: 'before-the-stop',
      supported_triggers: [{ id: 'post-login' }],
      code: CODE,
    });
    await service.app.get(ProjectionRunner).stop();

    const created = await apiCall(service.apiUrl, token, 'POST', '/actions/actions', {
      body: { name: 'while-stopped', supported_triggers: [{ id: 'post-login' }], code: CODE },
    });
    expect(created).toMatchObject({
      status: 201,
      body: { name: 'while-stopped', status: 'pending', code: CODE },
      etag: '"0"',
    });
    expect((await apiCall(service.apiUrl, token, 'GET', `/actions/actions/${created.body.id}`)).status).toBe(404); // the read model has not seen it

    const before = await apiCall(service.apiUrl, token, 'GET', `/actions/actions/${id}`);
    const updated = await apiCall(service.apiUrl, token, 'PATCH', `/actions/actions/${id}`, {
      ifMatch: before.etag!,
      body: { code: `${CODE} // 2` },
    });
    expect(updated).toMatchObject({ status: 200, body: { id, code: `${CODE} // 2`, status: 'pending' } });
    expect(Number(JSON.parse(updated.etag!))).toBe(Number(JSON.parse(before.etag!)) + 1);
    expect((await apiCall(service.apiUrl, token, 'GET', `/actions/actions/${id}`)).body.code).toBe(CODE); // the read model lags
  });
});
