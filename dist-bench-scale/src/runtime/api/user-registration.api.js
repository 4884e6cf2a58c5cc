"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.POST_USER_REGISTRATION_API = exports.PRE_USER_REGISTRATION_API = void 0;
/**
 * The sign-up triggers' `api` (management-api.md §4.1, §4.2): pre-user-registration may deny the sign-up (a reason
 * for the logs and a message for the user), reject a field with validation.error, and set the new user's metadata;
 * post-user-registration is non-blocking and only has api.cache.
 */
const api_spec_1 = require("./api-spec");
const post_login_api_1 = require("./post-login.api");
exports.PRE_USER_REGISTRATION_API = [
    (0, api_spec_1.method)('access.deny', [api_spec_1.p.string('reason'), (0, api_spec_1.opt)(api_spec_1.p.string('userMessage'))], 'deny'),
    ...post_login_api_1.USER_METADATA_METHODS,
    post_login_api_1.VALIDATION_ERROR,
];
exports.POST_USER_REGISTRATION_API = [];
//# sourceMappingURL=user-registration.api.js.map