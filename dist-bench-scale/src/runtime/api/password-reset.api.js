"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PASSWORD_RESET_POST_CHALLENGE_API = void 0;
const post_login_api_1 = require("./post-login.api");
const SHARED_WITH_POST_LOGIN = [
    'access.deny', 'authentication.challengeWith', 'authentication.challengeWithAny',
    'redirect.sendUserTo', 'redirect.canRedirect', 'redirect.encodeToken', 'redirect.validateToken',
];
exports.PASSWORD_RESET_POST_CHALLENGE_API = SHARED_WITH_POST_LOGIN.map((path) => {
    const spec = post_login_api_1.POST_LOGIN_API.find((m) => m.path === path);
    if (!spec)
        throw new Error(`post-login has no api.${path}`);
    return spec;
});
//# sourceMappingURL=password-reset.api.js.map