/**
 * password-reset-post-challenge `api` (Auth0's post-challenge API object): deny the password reset, ask for an MFA
 * challenge, and redirect the user away and back (onContinuePostChallenge) with signed session tokens. The
 * methods behave as their post-login namesakes.
 */
import type { MethodSpec, TriggerApi } from './api-spec';
import { POST_LOGIN_API } from './post-login.api';

const SHARED_WITH_POST_LOGIN = [
  'access.deny',
  'authentication.challengeWith',
  'authentication.challengeWithAny',
  'redirect.sendUserTo',
  'redirect.canRedirect',
  'redirect.encodeToken',
  'redirect.validateToken',
];

export const PASSWORD_RESET_POST_CHALLENGE_API: TriggerApi = SHARED_WITH_POST_LOGIN.map((path) => {
  const spec = POST_LOGIN_API.find((m) => m.path === path);
  if (!spec) throw new Error(`post-login has no api.${path}`);
  return spec as MethodSpec;
});
