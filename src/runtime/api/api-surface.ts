/**
 * The `api` object of each executable trigger, assembled from the per-family files. Every trigger also has
 * api.cache, served by the action's CacheSession rather than recorded as a command.
 */
import type { MethodSpec, TriggerApi } from './api-spec';
import { CREDENTIALS_EXCHANGE_API } from './credentials-exchange.api';
import { POST_CHANGE_PASSWORD_API, SEND_PHONE_MESSAGE_API } from './cache-only.api';
import { PASSWORD_RESET_POST_CHALLENGE_API } from './password-reset.api';
import { POST_LOGIN_API } from './post-login.api';
import { POST_USER_REGISTRATION_API, PRE_USER_REGISTRATION_API } from './user-registration.api';

export const API_SURFACE: Readonly<Record<string, TriggerApi>> = {
  'post-login': POST_LOGIN_API,
  'credentials-exchange': CREDENTIALS_EXCHANGE_API,
  'pre-user-registration': PRE_USER_REGISTRATION_API,
  'post-user-registration': POST_USER_REGISTRATION_API,
  'post-change-password': POST_CHANGE_PASSWORD_API,
  'send-phone-message': SEND_PHONE_MESSAGE_API,
  'password-reset-post-challenge': PASSWORD_RESET_POST_CHALLENGE_API,
};

export const CACHE_METHODS = ['cache.get', 'cache.set', 'cache.delete'] as const;

/** A trigger's methods by path, built once per trigger. */
const indexes = new Map<string, ReadonlyMap<string, MethodSpec>>();

export function apiMethodsOf(triggerId: string): ReadonlyMap<string, MethodSpec> {
  let index = indexes.get(triggerId);
  if (!index) indexes.set(triggerId, (index = new Map((API_SURFACE[triggerId] ?? []).map((m) => [m.path, m]))));
  return index;
}

/** Every path the sandbox builds `api` from for this trigger (its methods and api.cache), in a stable order. */
export function apiPathsOf(triggerId: string): string[] {
  return [...apiMethodsOf(triggerId).keys(), ...CACHE_METHODS];
}
