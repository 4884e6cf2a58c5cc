"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LimitExceededError = exports.PreconditionFailedError = exports.InvalidError = exports.ConflictError = exports.NotFoundError = exports.DomainError = void 0;
/**
 * The small set of domain errors. One exception filter maps them to HTTP (src/shared/http/error-filter.ts).
 * `message` is what the client sees: keep it precise and free of secrets.
 */
class DomainError extends Error {
    /** Optional Auth0-style errorCode (e.g. invalid_body). */
    errorCode;
    constructor(message, errorCode) {
        super(message);
        this.name = new.target.name;
        this.errorCode = errorCode;
    }
}
exports.DomainError = DomainError;
/** 404 */
class NotFoundError extends DomainError {
    kind = 'not_found';
}
exports.NotFoundError = NotFoundError;
/** 409: the request conflicts with the current state (bound action, duplicate name, concurrent write). */
class ConflictError extends DomainError {
    kind = 'conflict';
}
exports.ConflictError = ConflictError;
/** 400: the request is well-formed but not acceptable (deploy an unbuilt draft, bind an undeployed action). */
class InvalidError extends DomainError {
    kind = 'invalid';
    constructor(message, errorCode = 'invalid_body') {
        super(message, errorCode);
    }
}
exports.InvalidError = InvalidError;
/** 412: the client pinned a revision (If-Match) that is no longer current. */
class PreconditionFailedError extends DomainError {
    kind = 'precondition';
}
exports.PreconditionFailedError = PreconditionFailedError;
/** 409 for entity-count limits (actions per tenant, versions per action). */
class LimitExceededError extends DomainError {
    kind = 'limit';
}
exports.LimitExceededError = LimitExceededError;
//# sourceMappingURL=domain-errors.js.map