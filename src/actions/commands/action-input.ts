/**
 * Turns validated request input into domain content: trigger and runtime checks, limits (docs/api.md, "Rules": names and limits), and secret
 * values encrypted at the edge so that only ciphertext ever reaches an event.
 */
import type { Limits } from '../../config/config';
import { InvalidError } from '../../shared/domain-errors';
import type { SecretBox } from '../../secrets/secret-box';
import { findTrigger, isTriggerId, normaliseRuntime, TriggerRef } from '../../triggers/trigger-catalogue';
import type { ActionContent, DependencySpec } from '../actions.events';
import type { SecretInput } from '../action.content';

export interface TriggerInput {
  id: string;
  version?: string;
}
export interface SecretRequest {
  name: string;
  value?: string;
}
export interface DependencyInput {
  name: string;
  version: string;
  registry_url?: string;
}

export function resolveTriggers(input: TriggerInput[]): TriggerRef[] {
  if (input.length !== 1) throw new InvalidError(`An action supports exactly one trigger; ${input.length} were given.`);
  return input.map((t, i) => {
    if (!isTriggerId(t.id))
      throw new InvalidError(
        `Payload validation error: unknown trigger id "${t.id}" on property supported_triggers[${i}].id.`,
      );
    const def = findTrigger(t.id, t.version);
    if (!def) throw new InvalidError(`Trigger "${t.id}" has no version "${t.version}".`);
    return { id: def.id, version: def.version };
  });
}

export function resolveRuntime(trigger: TriggerRef, runtime: string | undefined): string {
  const def = findTrigger(trigger.id, trigger.version);
  if (!def) throw new InvalidError(`Unknown trigger "${trigger.id}".`);
  const chosen = runtime === undefined ? def.default_runtime : normaliseRuntime(runtime);
  if (!def.runtimes.includes(chosen)) {
    throw new InvalidError(
      `Runtime "${runtime}" is not supported by trigger ${def.id} ${def.version}; supported: ${def.runtimes.join(', ')}.`,
    );
  }
  return chosen;
}

export function checkLimits(
  content: Pick<ActionContent, 'code' | 'dependencies'> & { secretCount: number },
  limits: Limits,
): void {
  if (Buffer.byteLength(content.code, 'utf8') > limits.codeMaxBytes) {
    throw new InvalidError(`The action code exceeds the maximum size of ${limits.codeMaxBytes} bytes.`);
  }
  if (content.dependencies.length > limits.dependenciesPerAction) {
    throw new InvalidError(
      `An action can have at most ${limits.dependenciesPerAction} dependencies; ${content.dependencies.length} were given.`,
    );
  }
  const names = content.dependencies.map((d) => d.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InvalidError(`Dependency "${dup}" is listed more than once.`);
  if (content.secretCount > limits.secretsPerAction) {
    throw new InvalidError(
      `An action can have at most ${limits.secretsPerAction} secrets; ${content.secretCount} were given.`,
    );
  }
}

export function normaliseDependencies(deps: DependencyInput[] | undefined): DependencySpec[] | undefined {
  return deps?.map((d) => ({
    name: d.name,
    version: d.version,
    ...(d.registry_url ? { registry_url: d.registry_url } : {}),
  }));
}

/** Encrypts the values sent; a secret without a value keeps its stored value (checked when merging). */
export function encryptSecrets(
  secrets: SecretRequest[],
  ctx: { tenantId: string; actionId: string },
  box: SecretBox,
  limits: Limits,
): SecretInput[] {
  const seen = new Set<string>();
  return secrets.map((s) => {
    if (seen.has(s.name)) throw new InvalidError(`Secret "${s.name}" is listed more than once.`);
    seen.add(s.name);
    if (s.name.length > limits.secretNameMax)
      throw new InvalidError(`Secret names are at most ${limits.secretNameMax} characters.`);
    if (s.value === undefined) return { name: s.name };
    if (s.value.length > limits.secretValueMax)
      throw new InvalidError(`The value of secret "${s.name}" exceeds ${limits.secretValueMax} characters.`);
    return { name: s.name, ...box.encrypt(s.value, { ...ctx, name: s.name }) };
  });
}
