/**
 * credentials-exchange `api` (docs/api.md, "Triggers and their `api`"; Auth0's credentials-exchange API object): deny the
 * client-credentials grant with an OAuth error code, set custom claims on the access token being issued, and the
 * transaction metadata shared with later actions.
 */
import { method, opt, p, TriggerApi } from './api-spec';
import { TRANSACTION_METADATA } from './post-login.api';

export const CREDENTIALS_EXCHANGE_DENY_CODES = ['invalid_scope', 'invalid_request', 'server_error'] as const;

export const CREDENTIALS_EXCHANGE_API: TriggerApi = [
  method('access.deny', [p.oneOf('code', CREDENTIALS_EXCHANGE_DENY_CODES), opt(p.string('reason'))], 'deny'),
  method('accessToken.setCustomClaim', [p.text('name'), p.any('value')]),
  TRANSACTION_METADATA,
];
