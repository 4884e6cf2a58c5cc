"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CREDENTIALS_EXCHANGE_API = exports.CREDENTIALS_EXCHANGE_DENY_CODES = void 0;
/**
 * credentials-exchange `api` (management-api.md §4.1, §4.2; Auth0's credentials-exchange API object): deny the
 * client-credentials grant with an OAuth error code, set custom claims on the access token being issued, and the
 * transaction metadata shared with later actions.
 */
const api_spec_1 = require("./api-spec");
const post_login_api_1 = require("./post-login.api");
exports.CREDENTIALS_EXCHANGE_DENY_CODES = ['invalid_scope', 'invalid_request', 'server_error'];
exports.CREDENTIALS_EXCHANGE_API = [
    (0, api_spec_1.method)('access.deny', [api_spec_1.p.oneOf('code', exports.CREDENTIALS_EXCHANGE_DENY_CODES), (0, api_spec_1.opt)(api_spec_1.p.string('reason'))], 'deny'),
    (0, api_spec_1.method)('accessToken.setCustomClaim', [api_spec_1.p.text('name'), api_spec_1.p.any('value')]),
    post_login_api_1.TRANSACTION_METADATA,
];
//# sourceMappingURL=credentials-exchange.api.js.map