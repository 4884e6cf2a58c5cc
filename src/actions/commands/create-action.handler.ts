/**
 * CreateAction: validate and encrypt the input, claim the name in the tenant's registry, then run the action decider
 * through the command pipeline. Nothing is built here: the draft is `pending` until the build reactor (src/builds/,
 * docs/architecture.md) records its build.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { SECRET_BOX, SecretBox } from '../../secrets/secret-box';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { InvalidError } from '../../shared/domain-errors';
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { actionDecider } from '../actions.decider';
import type { ActionContent } from '../actions.events';
import {
  DependencyInput,
  SecretRequest,
  TriggerInput,
  checkLimits,
  encryptSecrets,
  normaliseDependencies,
  resolveRuntime,
  resolveTriggers,
} from './action-input';
import { ActionNameClaims } from './claim-action-name';

export interface CreateActionInput {
  name: string;
  supported_triggers: TriggerInput[];
  code?: string;
  dependencies?: DependencyInput[];
  runtime?: string;
  secrets?: SecretRequest[];
  deploy?: boolean;
}
export type UpdateActionInput = Partial<Omit<CreateActionInput, 'deploy'>>;

export class CreateActionCommand {
  constructor(
    readonly input: CreateActionInput,
    readonly meta: RequestMeta,
  ) {}
}
/** Returns the id of the new action. */
@CommandHandler(CreateActionCommand)
export class CreateActionHandler implements ICommandHandler<CreateActionCommand, string> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly names: ActionNameClaims,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ input, meta }: CreateActionCommand): Promise<string> {
    const tenantId = meta.principal.tenantId;
    const actionId = this.ids.newId();
    const supportedTriggers = resolveTriggers(input.supported_triggers);
    const dependencies = normaliseDependencies(input.dependencies) ?? [];
    const code = input.code ?? '';
    const secretInputs = input.secrets ?? [];
    checkLimits({ code, dependencies, secretCount: secretInputs.length }, this.config.limits);
    const missing = secretInputs.find((s) => s.value === undefined);
    if (missing)
      throw new InvalidError(
        `Payload validation error: 'Missing required property: value' on property secrets[${secretInputs.indexOf(missing)}].`,
        'invalid_body',
      );
    const now = this.clock.now().toISOString();
    const secrets = encryptSecrets(secretInputs, { tenantId, actionId }, this.box, this.config.limits).map((s) => ({
      name: s.name,
      updatedAt: now,
      fingerprint: s.fingerprint!,
      ciphertext: s.ciphertext!,
    }));
    const content: ActionContent = {
      name: input.name,
      supportedTriggers,
      code,
      dependencies,
      runtime: resolveRuntime(supportedTriggers[0], input.runtime),
      secrets,
    };
    await this.names.claim(meta, actionId, content.name);
    await this.pipeline.run({
      decider: actionDecider,
      stream: streams.action(actionId),
      context: commandContext(meta),
      command: () => ({
        type: 'CreateAction' as const,
        data: { tenantId, actionId, content, deploy: input.deploy === true, now },
      }),
    });
    return actionId;
  }
}
