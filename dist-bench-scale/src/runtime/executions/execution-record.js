"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EXECUTION_NOT_FOUND = exports.EXECUTION_ID = void 0;
/** Execution ids are opaque URL-safe strings; anything else cannot name an execution. */
exports.EXECUTION_ID = /^[A-Za-z0-9_-]{1,128}$/;
exports.EXECUTION_NOT_FOUND = 'That execution does not exist.';
//# sourceMappingURL=execution-record.js.map