/**
 * The `api` object of each executable trigger (management-api.md §4.1, §4.2, §4.6): every method path, and what
 * calling it means. Most methods are recorded commands the host applies later; a few stop or suspend the chain.
 */
export type MethodKind =
  | 'command'     // recorded in call order; returns api (chainable)
  | 'deny'        // recorded; no later action runs (status canceled)
  | 'validation'  // recorded; no later action runs (status canceled)
  | 'redirect'    // recorded; the execution suspends after this action
  | 'query';      // answered by the host (returns a value, records nothing)

export interface MethodSpec {
  path: string;
  kind: MethodKind;
  /** Minimum number of arguments; fewer → TypeError inside the sandbox. */
  minArgs: number;
}

const m = (path: string, kind: MethodKind = 'command', minArgs = 1): MethodSpec => ({ path, kind, minArgs });

const SAML_SETTERS = [
  'setAttribute', 'setAudience', 'setIssuer', 'setEncryptionPublicKey', 'setRecipient', 'setCreateUpnClaim',
  'setPassthroughClaimsWithNoMapping', 'setMapUnknownClaimsAsIs', 'setMapIdentities', 'setDestination', 'setRelayState',
  'setLifetimeInSeconds', 'setSignResponse', 'setNameIdentifierFormat', 'setNameIdentifierProbes',
  'setAuthnContextClassRef', 'setSigningCert', 'setIncludeAttributeNameFormat', 'setTypedAttributes',
  'setSignatureAlgorithm', 'setDigestAlgorithm', 'setCert', 'setKey',
];

const SESSION_LIKE = (ns: string) => [
  m(`${ns}.revoke`, 'command', 0), m(`${ns}.setExpiresAt`), m(`${ns}.setIdleExpiresAt`), m(`${ns}.setMetadata`, 'command', 2), m(`${ns}.deleteMetadata`),
];

const POST_LOGIN: MethodSpec[] = [
  m('access.deny', 'deny'),
  m('accessToken.setCustomClaim', 'command', 2), m('accessToken.addScope'), m('accessToken.removeScope'),
  m('idToken.setCustomClaim', 'command', 2),
  m('authentication.challengeWith'), m('authentication.challengeWithAny'), m('authentication.enrollWith'), m('authentication.enrollWithAny'),
  m('authentication.recordMethod'), m('authentication.setPrimaryUser'),
  m('multifactor.enable'),
  m('redirect.sendUserTo', 'redirect'), m('redirect.encodeToken', 'query'), m('redirect.validateToken', 'query'), m('redirect.canRedirect', 'query', 0),
  m('user.setAppMetadata', 'command', 2), m('user.setUserMetadata', 'command', 2),
  ...SAML_SETTERS.map((s) => m(`samlResponse.${s}`)),
  m('validation.error', 'validation', 2),
  m('rules.wasExecuted', 'query'),
  m('prompt.render'),
  ...SESSION_LIKE('session'),
  ...SESSION_LIKE('refreshToken'),
  m('transaction.setMetadata', 'command', 2),
];

export const API_SURFACE: Record<string, MethodSpec[]> = {
  'post-login': POST_LOGIN,
  'credentials-exchange': [
    m('access.deny', 'deny', 2),
    m('accessToken.setCustomClaim', 'command', 2), m('accessToken.addScope'), m('accessToken.removeScope'),
    m('transaction.setMetadata', 'command', 2),
  ],
  'pre-user-registration': [
    m('access.deny', 'deny'),
    m('user.setAppMetadata', 'command', 2), m('user.setUserMetadata', 'command', 2),
    m('validation.error', 'validation', 2),
  ],
  'post-user-registration': [],
  'post-change-password': [],
  'send-phone-message': [],
};

/** Every executable trigger also has api.cache (handled by the cache session, not recorded). */
export const CACHE_METHODS = ['cache.get', 'cache.set', 'cache.delete'];
