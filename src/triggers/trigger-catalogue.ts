/**
 * The triggers this service offers (GET /api/v2/actions/triggers) and what the runtime needs to know of each:
 * handler export names, which (id, version) pairs are compatible, runtimes, binding policy.
 * Contract: docs/api.md, "Wire shapes" (Trigger) and "Triggers and their `api`".
 */

export type TriggerId =
  | 'post-login'
  | 'credentials-exchange'
  | 'pre-user-registration'
  | 'post-user-registration'
  | 'post-change-password'
  | 'send-phone-message'
  | 'custom-phone-provider'
  | 'custom-email-provider'
  | 'password-reset-post-challenge'
  | 'custom-token-exchange'
  | 'event-stream'
  | 'password-hash-migration'
  | 'login-post-identifier'
  | 'signup-post-identifier';

/** Every id of the OAS enum (requests naming another id are refused with 400). */
export const ALL_TRIGGER_IDS: readonly TriggerId[] = [
  'post-login',
  'credentials-exchange',
  'pre-user-registration',
  'post-user-registration',
  'post-change-password',
  'send-phone-message',
  'custom-phone-provider',
  'custom-email-provider',
  'password-reset-post-challenge',
  'custom-token-exchange',
  'event-stream',
  'password-hash-migration',
  'login-post-identifier',
  'signup-post-identifier',
];

export interface TriggerRef {
  id: string;
  version: string;
}

export interface TriggerDefinition {
  id: TriggerId;
  version: string;
  status: 'CURRENT' | 'DEPRECATED';
  runtimes: string[];
  default_runtime: string;
  compatible_triggers: TriggerRef[];
  binding_policy: 'trigger-bound' | 'entity-bound';
  /** Export the runtime calls (and the build checks). */
  handler: string;
  /** Called when a suspended execution continues (post-login redirect). */
  continueHandler?: string;
  /** Whether this service can execute it (docs/api.md, "Triggers and their `api`"). */
  executable: boolean;
}

const MODERN = ['node18-actions', 'node22'];

function def(
  id: TriggerId,
  version: string,
  handler: string,
  extra: Partial<TriggerDefinition> = {},
): TriggerDefinition {
  return {
    id,
    version,
    status: 'CURRENT',
    runtimes: MODERN,
    default_runtime: 'node22',
    compatible_triggers: [],
    binding_policy: 'trigger-bound',
    handler,
    executable: false,
    ...extra,
  };
}

export const TRIGGERS: readonly TriggerDefinition[] = [
  def('post-login', 'v1', 'onExecutePostLogin', {
    status: 'DEPRECATED',
    runtimes: ['node12'],
    default_runtime: 'node12',
    continueHandler: 'onContinuePostLogin',
  }),
  def('post-login', 'v2', 'onExecutePostLogin', {
    status: 'DEPRECATED',
    runtimes: ['node12', 'node16'],
    default_runtime: 'node16',
    continueHandler: 'onContinuePostLogin',
  }),
  def('post-login', 'v3', 'onExecutePostLogin', {
    compatible_triggers: [{ id: 'post-login', version: 'v2' }],
    continueHandler: 'onContinuePostLogin',
    runtimes: ['node16', ...MODERN],
    executable: true,
  }),
  def('credentials-exchange', 'v1', 'onExecuteCredentialsExchange', {
    status: 'DEPRECATED',
    runtimes: ['node12'],
    default_runtime: 'node12',
  }),
  def('credentials-exchange', 'v2', 'onExecuteCredentialsExchange', { executable: true }),
  def('pre-user-registration', 'v2', 'onExecutePreUserRegistration', { executable: true }),
  def('post-user-registration', 'v2', 'onExecutePostUserRegistration', { executable: true }),
  def('post-change-password', 'v2', 'onExecutePostChangePassword', { executable: true }),
  def('send-phone-message', 'v2', 'onExecuteSendPhoneMessage', { executable: true }),
  def('password-reset-post-challenge', 'v1', 'onExecutePostChallenge', {
    continueHandler: 'onContinuePostChallenge',
    executable: true,
  }),
  def('custom-token-exchange', 'v1', 'onExecuteCustomTokenExchange', { binding_policy: 'entity-bound' }),
  def('custom-email-provider', 'v1', 'onExecuteCustomEmailProvider'),
  def('custom-phone-provider', 'v1', 'onExecuteCustomPhoneProvider'),
  def('event-stream', 'v1', 'onExecuteEventStream'),
];

export function isTriggerId(id: string): id is TriggerId {
  return (ALL_TRIGGER_IDS as readonly string[]).includes(id);
}

/** The CURRENT definition of a trigger id (or the newest one when none is current). */
export function currentTrigger(id: string): TriggerDefinition | undefined {
  const all = TRIGGERS.filter((t) => t.id === id);
  return all.find((t) => t.status === 'CURRENT') ?? all[all.length - 1];
}

export function findTrigger(id: string, version?: string): TriggerDefinition | undefined {
  if (version === undefined) return currentTrigger(id);
  return TRIGGERS.find((t) => t.id === id && t.version === version);
}

/** Handler export name for a trigger id (the same across its versions). */
export function handlerFor(triggerId: string): string | undefined {
  return currentTrigger(triggerId)?.handler;
}

/** An action whose trigger is `from` may be bound to trigger id `toTriggerId` (same id, or listed compatible). */
export function canBind(from: TriggerRef, toTriggerId: string): boolean {
  if (from.id === toTriggerId) return true;
  const d = findTrigger(from.id, from.version);
  return !!d && d.compatible_triggers.some((c) => c.id === toTriggerId);
}

/** An action may move from one trigger to another: a later version of the same id, or a compatible pair. */
export function canMoveTrigger(from: TriggerRef, to: TriggerRef): boolean {
  if (from.id === to.id && from.version === to.version) return true;
  if (from.id === to.id) return to.version > from.version;
  const a = findTrigger(from.id, from.version);
  const b = findTrigger(to.id, to.version);
  const listed = (x?: TriggerDefinition, y?: TriggerRef) =>
    !!x && !!y && x.compatible_triggers.some((c) => c.id === y.id && c.version === y.version);
  return listed(a, to) || listed(b, from);
}

/** Runtime ids as the API stores and echoes them (node18 is stored as node18-actions). */
export function normaliseRuntime(runtime: string): string {
  return runtime === 'node18' ? 'node18-actions' : runtime;
}
