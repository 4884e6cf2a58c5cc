/**
 * The sign-up triggers' `api` (docs/api.md, "Triggers and their `api`"): pre-user-registration may deny the sign-up (a reason
 * for the logs and a message for the user), reject a field with validation.error, and set the new user's metadata;
 * post-user-registration is non-blocking and only has api.cache.
 */
import { method, opt, p, TriggerApi } from './api-spec';
import { USER_METADATA_METHODS, VALIDATION_ERROR } from './post-login.api';

export const PRE_USER_REGISTRATION_API: TriggerApi = [
  method('access.deny', [p.string('reason'), opt(p.string('userMessage'))], 'deny'),
  ...USER_METADATA_METHODS,
  VALIDATION_ERROR,
];

export const POST_USER_REGISTRATION_API: TriggerApi = [];
