"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SEND_PHONE_MESSAGE_API = exports.POST_CHANGE_PASSWORD_API = void 0;
exports.POST_CHANGE_PASSWORD_API = [];
exports.SEND_PHONE_MESSAGE_API = [];
//# sourceMappingURL=cache-only.api.js.map