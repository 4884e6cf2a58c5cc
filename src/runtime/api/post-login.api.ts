/**
 * post-login `api` (docs/api.md, "Triggers and their `api`"; Auth0's post-login API object). Setters are recorded as
 * commands the host applies; access.deny and validation.error cancel the rest of the flow; redirect.sendUserTo
 * suspends it until /continue. Metadata setters are also visible at once in the event of later actions.
 */
import { canRedirect, encodeToken, validateToken } from './redirect-tokens';
import {
  EffectResult,
  FlowContext,
  infallible,
  method,
  MethodSpec,
  opt,
  p,
  TriggerApi,
  writeIntoEvent,
} from './api-spec';

const TRANSACTION_KEY_MAX = 64;
const TRANSACTION_VALUE_MAX_BYTES = 8 * 1024;
const TRANSACTION_TOTAL_MAX_BYTES = 16 * 1024;
const PRIMARY_USER_ID_MAX = 128;

const bytes = (v: unknown) => Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');

function setTransactionMetadata([key, value]: unknown[], flow: FlowContext): EffectResult {
  const k = key as string;
  if (k.length > TRANSACTION_KEY_MAX)
    return { error: `api.transaction.setMetadata: the key must be at most ${TRANSACTION_KEY_MAX} characters` };
  if (bytes(value) > TRANSACTION_VALUE_MAX_BYTES)
    return { error: 'api.transaction.setMetadata: the value must be at most 8 KB' };
  const current = { ...(flow.event.transaction?.metadata ?? {}), [k]: value } as Record<string, unknown>;
  const total = Object.entries(current).reduce((n, [mk, mv]) => n + bytes(mk) + bytes(mv), 0);
  if (total > TRANSACTION_TOTAL_MAX_BYTES)
    return { error: 'api.transaction.setMetadata: transaction metadata may hold at most 16 KB in total' };
  writeIntoEvent(flow.event, ['transaction', 'metadata'], k, value);
  return undefined;
}

function setPrimaryUser([id]: unknown[], flow: FlowContext): EffectResult {
  if ((id as string).length > PRIMARY_USER_ID_MAX)
    return {
      error: `api.authentication.setPrimaryUser: the user id must be at most ${PRIMARY_USER_ID_MAX} characters`,
    };
  if (flow.facts.has('primaryUserSet'))
    return { error: 'api.authentication.setPrimaryUser may be called only once per transaction' };
  flow.facts.add('primaryUserSet');
  return undefined;
}

function onlyWhenContinuing(path: string) {
  return (_: unknown[], flow: FlowContext): EffectResult =>
    flow.phase === 'continue' ? undefined : { error: `api.${path} is only available in onContinuePostLogin` };
}

const metadataOf = (eventPath: string[]) => ({
  set: infallible(
    ([key, value]: unknown[], flow: FlowContext): EffectResult =>
      void writeIntoEvent(flow.event, eventPath, key as string, value),
  ),
  remove: infallible(
    ([key]: unknown[], flow: FlowContext): EffectResult =>
      void writeIntoEvent(flow.event, eventPath, key as string, null),
  ),
  evict: infallible((_: unknown[], flow: FlowContext): EffectResult => {
    writeIntoEvent(flow.event, eventPath.slice(0, -1), eventPath[eventPath.length - 1], {});
    return undefined;
  }),
});

/** api.session and api.refreshToken share their shape; metadata changes show in event.session / event.refresh_token. */
function sessionLike(ns: 'session' | 'refreshToken', eventField: string): MethodSpec[] {
  const metadata = metadataOf([eventField, 'metadata']);
  return [
    method(
      `${ns}.revoke`,
      ns === 'session' ? [opt(p.string('reason')), opt(p.object('options'))] : [opt(p.string('reason'))],
    ),
    method(`${ns}.setExpiresAt`, [p.epochMs('absolute')]),
    method(`${ns}.setIdleExpiresAt`, [p.epochMs('absolute')]),
    method(`${ns}.setMetadata`, [p.text('key'), p.primitive('value')], 'command', metadata.set),
    method(`${ns}.deleteMetadata`, [p.text('key')], 'command', metadata.remove),
    method(`${ns}.evictMetadata`, [], 'command', metadata.evict),
  ];
}

const SAML_TEXT = [
  'setAudience',
  'setIssuer',
  'setEncryptionPublicKey',
  'setEncryptionCert',
  'setRecipient',
  'setDestination',
  'setNameIdentifierFormat',
  'setAuthnContextClassRef',
  'setSigningCert',
  'setCert',
  'setKey',
];
const SAML_FLAGS = [
  'setCreateUpnClaim',
  'setPassthroughClaimsWithNoMapping',
  'setMapUnknownClaimsAsIs',
  'setMapIdentities',
  'setSignResponse',
  'setIncludeAttributeNameFormat',
  'setTypedAttributes',
];

const samlResponse: MethodSpec[] = [
  method('samlResponse.setAttribute', [p.text('attribute'), p.any('value')]),
  ...SAML_TEXT.map((name) => method(`samlResponse.${name}`, [p.text('value')])),
  ...SAML_FLAGS.map((name) => method(`samlResponse.${name}`, [p.boolean('value')])),
  method('samlResponse.setRelayState', [p.string('relayState')]),
  method('samlResponse.setLifetimeInSeconds', [p.number('lifetimeInSeconds')]),
  method('samlResponse.setNameIdentifierProbes', [p.strings('probes')]),
  method('samlResponse.setSignatureAlgorithm', [p.oneOf('algorithm', ['rsa-sha256', 'rsa-sha1'])]),
  method('samlResponse.setDigestAlgorithm', [p.oneOf('algorithm', ['sha256', 'sha1'])]),
];

const userMetadata = {
  app: infallible(
    ([name, value]: unknown[], flow: FlowContext): EffectResult =>
      void writeIntoEvent(flow.event, ['user', 'app_metadata'], name as string, value),
  ),
  user: infallible(
    ([name, value]: unknown[], flow: FlowContext): EffectResult =>
      void writeIntoEvent(flow.event, ['user', 'user_metadata'], name as string, value),
  ),
};

export const USER_METADATA_METHODS: MethodSpec[] = [
  method('user.setAppMetadata', [p.text('name'), p.any('value')], 'command', userMetadata.app),
  method('user.setUserMetadata', [p.text('name'), p.any('value')], 'command', userMetadata.user),
];

export const VALIDATION_ERROR = method(
  'validation.error',
  [p.text('errorCode'), p.string('errorMessage')],
  'validation',
);

export const TRANSACTION_METADATA = method(
  'transaction.setMetadata',
  [p.text('key'), p.primitive('value')],
  'command',
  setTransactionMetadata,
);

export const POST_LOGIN_API: TriggerApi = [
  method('access.deny', [p.string('reason')], 'deny'),
  method('accessToken.setCustomClaim', [p.text('name'), p.any('value')]),
  method('accessToken.addScope', [p.text('scope')]),
  method('accessToken.removeScope', [p.text('scope')]),
  method('authentication.challengeWith', [p.factor('factor'), opt(p.object('options'))]),
  method('authentication.challengeWithAny', [p.factors('factors')]),
  method('authentication.enrollWith', [p.factor('factor'), opt(p.object('options'))]),
  method('authentication.enrollWithAny', [p.factors('factors')]),
  method(
    'authentication.recordMethod',
    [p.url('provider_url')],
    'command',
    onlyWhenContinuing('authentication.recordMethod'),
  ),
  method('authentication.setPrimaryUser', [p.text('primary_user_id')], 'command', setPrimaryUser),
  method('idToken.setCustomClaim', [p.text('name'), p.any('value')]),
  method('multifactor.enable', [p.text('provider'), opt(p.object('options'))]),
  method('prompt.render', [p.text('promptId'), opt(p.object('options'))], 'prompt'),
  method('redirect.sendUserTo', [p.url('url'), opt(p.object('options'))], 'redirect'),
  method('redirect.canRedirect', [], 'query', (_, flow) => canRedirect(flow)),
  method('redirect.encodeToken', [p.object('options')], 'query', ([o], flow) =>
    encodeToken(o as Record<string, unknown>, flow),
  ),
  method('redirect.validateToken', [p.object('options')], 'query', ([o], flow) =>
    validateToken(o as Record<string, unknown>, flow),
  ),
  ...sessionLike('refreshToken', 'refresh_token'),
  method('rules.wasExecuted', [p.text('ruleId')], 'query', ([id], flow) => ({
    value: wasRuleExecuted(id as string, flow),
  })),
  ...samlResponse,
  ...sessionLike('session', 'session'),
  TRANSACTION_METADATA,
  ...USER_METADATA_METHODS,
  VALIDATION_ERROR,
];

/** This service runs no Rules; a host migrating from Rules may list the ids that ran in event.rules_executed. */
function wasRuleExecuted(id: string, flow: FlowContext): boolean {
  const ran = flow.event.rules_executed;
  return Array.isArray(ran) && ran.includes(id);
}
