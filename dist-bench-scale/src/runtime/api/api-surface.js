"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CACHE_METHODS = exports.API_SURFACE = void 0;
exports.apiMethodsOf = apiMethodsOf;
exports.apiPathsOf = apiPathsOf;
const credentials_exchange_api_1 = require("./credentials-exchange.api");
const cache_only_api_1 = require("./cache-only.api");
const password_reset_api_1 = require("./password-reset.api");
const post_login_api_1 = require("./post-login.api");
const user_registration_api_1 = require("./user-registration.api");
exports.API_SURFACE = {
    'post-login': post_login_api_1.POST_LOGIN_API,
    'credentials-exchange': credentials_exchange_api_1.CREDENTIALS_EXCHANGE_API,
    'pre-user-registration': user_registration_api_1.PRE_USER_REGISTRATION_API,
    'post-user-registration': user_registration_api_1.POST_USER_REGISTRATION_API,
    'post-change-password': cache_only_api_1.POST_CHANGE_PASSWORD_API,
    'send-phone-message': cache_only_api_1.SEND_PHONE_MESSAGE_API,
    'password-reset-post-challenge': password_reset_api_1.PASSWORD_RESET_POST_CHALLENGE_API,
};
exports.CACHE_METHODS = ['cache.get', 'cache.set', 'cache.delete'];
/** A trigger's methods by path, built once per trigger. */
const indexes = new Map();
function apiMethodsOf(triggerId) {
    let index = indexes.get(triggerId);
    if (!index)
        indexes.set(triggerId, (index = new Map((exports.API_SURFACE[triggerId] ?? []).map((m) => [m.path, m]))));
    return index;
}
/** Every path the sandbox builds `api` from for this trigger (its methods and api.cache), in a stable order. */
function apiPathsOf(triggerId) {
    return [...apiMethodsOf(triggerId).keys(), ...exports.CACHE_METHODS];
}
//# sourceMappingURL=api-surface.js.map