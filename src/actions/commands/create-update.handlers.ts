/**
 * CreateAction and UpdateAction: validate and encrypt the input, claim the name in the tenant's registry, then run
 * the action decider through the command pipeline. Nothing is built here: the draft is `pending` until the build
 * reactor (src/builds/, docs/architecture.md) records its build.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { streams } from '../../event-store/streams';
import { SECRET_BOX, SecretBox } from '../../secrets/secret-box';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../../shared/clock';
import { CommandPipeline } from '../../shared/command-pipeline';
import { InvalidError, NotFoundError } from '../../shared/domain-errors';
import { applyPatch, MissingSecretValue } from '../action.content';
import { ACTION_NOT_FOUND_FOR_UPDATE, actionDecider } from '../action.decider';
import type { ActionContent } from '../action.events';
import { tenantActionsDecider } from '../tenant-actions.decider';
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
import { commandContext, RequestMeta } from '../../shared/http/request-meta';
import { ActionExistenceReader, activeInTenant } from './action-existence';

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
export class UpdateActionCommand {
  constructor(
    readonly actionId: string,
    readonly input: UpdateActionInput,
    readonly meta: RequestMeta,
  ) {}
}

abstract class ActionWriter {
  constructor(
    protected readonly pipeline: CommandPipeline,
    protected readonly config: AppConfig,
    protected readonly box: SecretBox,
    protected readonly clock: Clock,
    protected readonly existence: ActionExistenceReader,
  ) {}

  protected now = () => this.clock.now().toISOString();

  /** Claims `name` for the action in the tenant's registry (no-op when it already owns it). */
  protected async claimName(meta: RequestMeta, actionId: string, name: string): Promise<void> {
    const tenantId = meta.principal.tenantId;
    await this.pipeline.run({
      decider: tenantActionsDecider,
      stream: streams.tenantActions(tenantId),
      context: commandContext(meta),
      command: async ({ state }) => {
        const owner = state.owners.get(name);
        const existence =
          owner && owner.actionId !== actionId ? { [owner.actionId]: await this.existence.of(owner.actionId) } : {};
        return {
          type: 'ClaimActionName' as const,
          data: {
            tenantId,
            actionId,
            name,
            now: this.now(),
            maxActions: this.config.limits.actionsPerTenant,
            existence,
          },
        };
      },
    });
  }
}

@CommandHandler(CreateActionCommand)
export class CreateActionHandler extends ActionWriter implements ICommandHandler<CreateActionCommand, string> {
  constructor(
    pipeline: CommandPipeline,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SECRET_BOX) box: SecretBox,
    @Inject(CLOCK) clock: Clock,
    existence: ActionExistenceReader,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {
    super(pipeline, config, box, clock, existence);
  }

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
    const now = this.now();
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
    await this.claimName(meta, actionId, content.name);
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

@CommandHandler(UpdateActionCommand)
export class UpdateActionHandler extends ActionWriter implements ICommandHandler<UpdateActionCommand, void> {
  constructor(
    pipeline: CommandPipeline,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SECRET_BOX) box: SecretBox,
    @Inject(CLOCK) clock: Clock,
    existence: ActionExistenceReader,
  ) {
    super(pipeline, config, box, clock, existence);
  }

  async execute({ actionId, input, meta }: UpdateActionCommand): Promise<void> {
    const tenantId = meta.principal.tenantId;
    const supportedTriggers = input.supported_triggers ? resolveTriggers(input.supported_triggers) : undefined;
    const secrets = input.secrets
      ? encryptSecrets(input.secrets, { tenantId, actionId }, this.box, this.config.limits)
      : undefined;
    await this.pipeline.run({
      decider: actionDecider,
      stream: streams.action(actionId),
      context: commandContext(meta),
      expectedRevision: meta.ifMatch,
      guard: activeInTenant(tenantId, ACTION_NOT_FOUND_FOR_UPDATE),
      command: async ({ state }) => {
        if (state.status !== 'Active' || state.tenantId !== tenantId)
          throw new NotFoundError(ACTION_NOT_FOUND_FOR_UPDATE);
        const now = this.now();
        let content: ActionContent;
        try {
          content = applyPatch(
            state.content,
            { ...input, supportedTriggers, secrets, dependencies: normaliseDependencies(input.dependencies) },
            now,
          );
        } catch (e) {
          if (e instanceof MissingSecretValue) throw new InvalidError(e.message);
          throw e;
        }
        const runtimeChanged = input.runtime !== undefined || supportedTriggers !== undefined;
        content = {
          ...content,
          runtime: runtimeChanged
            ? resolveRuntime(content.supportedTriggers[0], input.runtime ?? content.runtime)
            : content.runtime,
        };
        checkLimits(
          { code: content.code, dependencies: content.dependencies, secretCount: content.secrets.length },
          this.config.limits,
        );
        const command = { type: 'UpdateAction' as const, data: { tenantId, content, now } };
        if (content.name !== state.content.name) {
          actionDecider.decide(command, state); // the decider is pure: a dry run refuses bad input before the claim
          await this.claimName(meta, actionId, content.name);
        }
        return command;
      },
    });
  }
}
