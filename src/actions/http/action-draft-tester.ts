/**
 * POST /actions/{id}/test: loads the draft from the action's own stream (so the test runs exactly what was last
 * saved), decrypts its secrets, and hands it to the runtime's draft runner.
 */
import { Inject, Injectable } from '@nestjs/common';
import { SECRET_BOX, SecretBox } from '../../secrets/secret-box';
import { NotFoundError } from '../../shared/domain-errors';
import { ACTION_NOT_FOUND } from '../action.decider';
import { ActionExistenceReader } from '../commands/action-existence';

export interface DraftToRun {
  actionId: string;
  actionName: string;
  triggerId: string;
  code: string;
  dependencies: { name: string; version: string }[];
  secrets: Record<string, string>;
}

export interface DraftRunner {
  test(tenantId: string, draft: DraftToRun, payload: Record<string, unknown>): Promise<{ payload: Record<string, unknown> }>;
}
export const DRAFT_RUNNER = Symbol('DRAFT_RUNNER');

@Injectable()
export class ActionDraftTester {
  constructor(
    private readonly actions: ActionExistenceReader,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(DRAFT_RUNNER) private readonly runner: DraftRunner,
  ) {}

  async test(tenantId: string, actionId: string, payload: Record<string, unknown>) {
    const { state } = await this.actions.load(actionId);
    if (state.status !== 'Active' || state.tenantId !== tenantId) throw new NotFoundError(ACTION_NOT_FOUND);
    const { content } = state;
    const secrets = Object.fromEntries(content.secrets.map((s) => [s.name, this.box.decrypt(s.ciphertext, { tenantId, actionId, name: s.name })]));
    return this.runner.test(tenantId, {
      actionId,
      actionName: content.name,
      triggerId: content.supportedTriggers[0].id,
      code: content.code,
      dependencies: content.dependencies.map((d) => ({ name: d.name, version: d.version })),
      secrets,
    }, payload);
  }
}
