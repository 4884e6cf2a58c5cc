"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.POST_LOGIN_API = exports.TRANSACTION_METADATA = exports.VALIDATION_ERROR = exports.USER_METADATA_METHODS = void 0;
/**
 * post-login `api` (management-api.md §4.1, §4.2, §4.6; Auth0's post-login API object). Setters are recorded as
 * commands the host applies; access.deny and validation.error cancel the rest of the flow; redirect.sendUserTo
 * suspends it until /continue. Metadata setters are also visible at once in the event of later actions.
 */
const redirect_tokens_1 = require("./redirect-tokens");
const api_spec_1 = require("./api-spec");
const TRANSACTION_KEY_MAX = 64;
const TRANSACTION_VALUE_MAX_BYTES = 8 * 1024;
const TRANSACTION_TOTAL_MAX_BYTES = 16 * 1024;
const PRIMARY_USER_ID_MAX = 128;
const bytes = (v) => Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');
function setTransactionMetadata([key, value], flow) {
    const k = key;
    if (k.length > TRANSACTION_KEY_MAX)
        return { error: `api.transaction.setMetadata: the key must be at most ${TRANSACTION_KEY_MAX} characters` };
    if (bytes(value) > TRANSACTION_VALUE_MAX_BYTES)
        return { error: 'api.transaction.setMetadata: the value must be at most 8 KB' };
    const current = { ...(flow.event.transaction?.metadata ?? {}), [k]: value };
    const total = Object.entries(current).reduce((n, [mk, mv]) => n + bytes(mk) + bytes(mv), 0);
    if (total > TRANSACTION_TOTAL_MAX_BYTES)
        return { error: 'api.transaction.setMetadata: transaction metadata may hold at most 16 KB in total' };
    (0, api_spec_1.writeIntoEvent)(flow.event, ['transaction', 'metadata'], k, value);
    return undefined;
}
function setPrimaryUser([id], flow) {
    if (id.length > PRIMARY_USER_ID_MAX)
        return { error: `api.authentication.setPrimaryUser: the user id must be at most ${PRIMARY_USER_ID_MAX} characters` };
    if (flow.facts.has('primaryUserSet'))
        return { error: 'api.authentication.setPrimaryUser may be called only once per transaction' };
    flow.facts.add('primaryUserSet');
    return undefined;
}
function onlyWhenContinuing(path) {
    return (_, flow) => flow.phase === 'continue' ? undefined : { error: `api.${path} is only available in onContinuePostLogin` };
}
const metadataOf = (eventPath) => ({
    set: (0, api_spec_1.infallible)(([key, value], flow) => void (0, api_spec_1.writeIntoEvent)(flow.event, eventPath, key, value)),
    remove: (0, api_spec_1.infallible)(([key], flow) => void (0, api_spec_1.writeIntoEvent)(flow.event, eventPath, key, null)),
    evict: (0, api_spec_1.infallible)((_, flow) => {
        (0, api_spec_1.writeIntoEvent)(flow.event, eventPath.slice(0, -1), eventPath[eventPath.length - 1], {});
        return undefined;
    }),
});
/** api.session and api.refreshToken share their shape; metadata changes show in event.session / event.refresh_token. */
function sessionLike(ns, eventField) {
    const metadata = metadataOf([eventField, 'metadata']);
    return [
        (0, api_spec_1.method)(`${ns}.revoke`, ns === 'session' ? [(0, api_spec_1.opt)(api_spec_1.p.string('reason')), (0, api_spec_1.opt)(api_spec_1.p.object('options'))] : [(0, api_spec_1.opt)(api_spec_1.p.string('reason'))]),
        (0, api_spec_1.method)(`${ns}.setExpiresAt`, [api_spec_1.p.epochMs('absolute')]),
        (0, api_spec_1.method)(`${ns}.setIdleExpiresAt`, [api_spec_1.p.epochMs('absolute')]),
        (0, api_spec_1.method)(`${ns}.setMetadata`, [api_spec_1.p.text('key'), api_spec_1.p.primitive('value')], 'command', metadata.set),
        (0, api_spec_1.method)(`${ns}.deleteMetadata`, [api_spec_1.p.text('key')], 'command', metadata.remove),
        (0, api_spec_1.method)(`${ns}.evictMetadata`, [], 'command', metadata.evict),
    ];
}
const SAML_TEXT = ['setAudience', 'setIssuer', 'setEncryptionPublicKey', 'setEncryptionCert', 'setRecipient', 'setDestination',
    'setNameIdentifierFormat', 'setAuthnContextClassRef', 'setSigningCert', 'setCert', 'setKey'];
const SAML_FLAGS = ['setCreateUpnClaim', 'setPassthroughClaimsWithNoMapping', 'setMapUnknownClaimsAsIs', 'setMapIdentities',
    'setSignResponse', 'setIncludeAttributeNameFormat', 'setTypedAttributes'];
const samlResponse = [
    (0, api_spec_1.method)('samlResponse.setAttribute', [api_spec_1.p.text('attribute'), api_spec_1.p.any('value')]),
    ...SAML_TEXT.map((name) => (0, api_spec_1.method)(`samlResponse.${name}`, [api_spec_1.p.text('value')])),
    ...SAML_FLAGS.map((name) => (0, api_spec_1.method)(`samlResponse.${name}`, [api_spec_1.p.boolean('value')])),
    (0, api_spec_1.method)('samlResponse.setRelayState', [api_spec_1.p.string('relayState')]),
    (0, api_spec_1.method)('samlResponse.setLifetimeInSeconds', [api_spec_1.p.number('lifetimeInSeconds')]),
    (0, api_spec_1.method)('samlResponse.setNameIdentifierProbes', [api_spec_1.p.strings('probes')]),
    (0, api_spec_1.method)('samlResponse.setSignatureAlgorithm', [api_spec_1.p.oneOf('algorithm', ['rsa-sha256', 'rsa-sha1'])]),
    (0, api_spec_1.method)('samlResponse.setDigestAlgorithm', [api_spec_1.p.oneOf('algorithm', ['sha256', 'sha1'])]),
];
const userMetadata = {
    app: (0, api_spec_1.infallible)(([name, value], flow) => void (0, api_spec_1.writeIntoEvent)(flow.event, ['user', 'app_metadata'], name, value)),
    user: (0, api_spec_1.infallible)(([name, value], flow) => void (0, api_spec_1.writeIntoEvent)(flow.event, ['user', 'user_metadata'], name, value)),
};
exports.USER_METADATA_METHODS = [
    (0, api_spec_1.method)('user.setAppMetadata', [api_spec_1.p.text('name'), api_spec_1.p.any('value')], 'command', userMetadata.app),
    (0, api_spec_1.method)('user.setUserMetadata', [api_spec_1.p.text('name'), api_spec_1.p.any('value')], 'command', userMetadata.user),
];
exports.VALIDATION_ERROR = (0, api_spec_1.method)('validation.error', [api_spec_1.p.text('errorCode'), api_spec_1.p.string('errorMessage')], 'validation');
exports.TRANSACTION_METADATA = (0, api_spec_1.method)('transaction.setMetadata', [api_spec_1.p.text('key'), api_spec_1.p.primitive('value')], 'command', setTransactionMetadata);
exports.POST_LOGIN_API = [
    (0, api_spec_1.method)('access.deny', [api_spec_1.p.string('reason')], 'deny'),
    (0, api_spec_1.method)('accessToken.setCustomClaim', [api_spec_1.p.text('name'), api_spec_1.p.any('value')]),
    (0, api_spec_1.method)('accessToken.addScope', [api_spec_1.p.text('scope')]),
    (0, api_spec_1.method)('accessToken.removeScope', [api_spec_1.p.text('scope')]),
    (0, api_spec_1.method)('authentication.challengeWith', [api_spec_1.p.factor('factor'), (0, api_spec_1.opt)(api_spec_1.p.object('options'))]),
    (0, api_spec_1.method)('authentication.challengeWithAny', [api_spec_1.p.factors('factors')]),
    (0, api_spec_1.method)('authentication.enrollWith', [api_spec_1.p.factor('factor'), (0, api_spec_1.opt)(api_spec_1.p.object('options'))]),
    (0, api_spec_1.method)('authentication.enrollWithAny', [api_spec_1.p.factors('factors')]),
    (0, api_spec_1.method)('authentication.recordMethod', [api_spec_1.p.url('provider_url')], 'command', onlyWhenContinuing('authentication.recordMethod')),
    (0, api_spec_1.method)('authentication.setPrimaryUser', [api_spec_1.p.text('primary_user_id')], 'command', setPrimaryUser),
    (0, api_spec_1.method)('idToken.setCustomClaim', [api_spec_1.p.text('name'), api_spec_1.p.any('value')]),
    (0, api_spec_1.method)('multifactor.enable', [api_spec_1.p.text('provider'), (0, api_spec_1.opt)(api_spec_1.p.object('options'))]),
    (0, api_spec_1.method)('prompt.render', [api_spec_1.p.text('promptId'), (0, api_spec_1.opt)(api_spec_1.p.object('options'))], 'prompt'),
    (0, api_spec_1.method)('redirect.sendUserTo', [api_spec_1.p.url('url'), (0, api_spec_1.opt)(api_spec_1.p.object('options'))], 'redirect'),
    (0, api_spec_1.method)('redirect.canRedirect', [], 'query', (_, flow) => (0, redirect_tokens_1.canRedirect)(flow)),
    (0, api_spec_1.method)('redirect.encodeToken', [api_spec_1.p.object('options')], 'query', ([o], flow) => (0, redirect_tokens_1.encodeToken)(o, flow)),
    (0, api_spec_1.method)('redirect.validateToken', [api_spec_1.p.object('options')], 'query', ([o], flow) => (0, redirect_tokens_1.validateToken)(o, flow)),
    ...sessionLike('refreshToken', 'refresh_token'),
    (0, api_spec_1.method)('rules.wasExecuted', [api_spec_1.p.text('ruleId')], 'query', ([id], flow) => ({ value: wasRuleExecuted(id, flow) })),
    ...samlResponse,
    ...sessionLike('session', 'session'),
    exports.TRANSACTION_METADATA,
    ...exports.USER_METADATA_METHODS,
    exports.VALIDATION_ERROR,
];
/** This service runs no Rules; a host migrating from Rules may list the ids that ran in event.rules_executed. */
function wasRuleExecuted(id, flow) {
    const ran = flow.event.rules_executed;
    return Array.isArray(ran) && ran.includes(id);
}
//# sourceMappingURL=post-login.api.js.map