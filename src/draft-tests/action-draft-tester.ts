/**
 * POST /actions/{id}/test: loads the draft from the action's own stream (so the test runs exactly what was last
 * saved), waits for its build while it is pending (up to DRAFT_TEST_BUILD_WAIT_MS, then 409), decrypts its secrets,
 * and hands it to the runtime's draft runner with the dependencies its build resolved.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { activeIn } from '../actions/actions.decider';
import type { ActiveAction } from '../actions/actions.state';
import { ActionStreamReader } from '../actions/action-stream.reader';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DRAFT_RUNNER, DraftRunner } from '../runtime/runtime.ports';
import { SECRET_BOX, SecretBox } from '../secrets/secret-box';
import { ConflictError } from '../shared/domain-errors';

const BUILD_POLL_MS = 100;
export const DRAFT_STILL_BUILDING = 'The draft is still being built; test it again once its status is built.';

@Injectable()
export class ActionDraftTester {
  constructor(
    private readonly actions: ActionStreamReader,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(DRAFT_RUNNER) private readonly runner: DraftRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async test(tenantId: string, actionId: string, payload: Record<string, unknown>) {
    const state = await this.builtDraft(tenantId, actionId);
    const { content, build } = state;
    const secrets = Object.fromEntries(
      content.secrets.map((s) => [s.name, this.box.decrypt(s.ciphertext, { tenantId, actionId, name: s.name })]),
    );
    return this.runner.test(
      tenantId,
      {
        actionId,
        actionName: content.name,
        triggerId: content.supportedTriggers[0].id,
        code: content.code,
        dependencies:
          build.status === 'built'
            ? build.resolvedDependencies
            : content.dependencies.map((d) => ({ name: d.name, version: d.version })),
        secrets,
        ...(build.status === 'failed' ? { buildErrors: build.errors } : {}),
      },
      payload,
    );
  }

  /** The draft once its build has an outcome; 404 for another tenant's or a deleted action. */
  private async builtDraft(tenantId: string, actionId: string): Promise<ActiveAction> {
    const deadline = Date.now() + this.config.build.draftTestWaitMs;
    for (;;) {
      const state = activeIn((await this.actions.load(actionId)).state, tenantId);
      if (state.build.status !== 'pending') return state;
      if (Date.now() >= deadline) throw new ConflictError(DRAFT_STILL_BUILDING);
      await sleep(BUILD_POLL_MS);
    }
  }
}
