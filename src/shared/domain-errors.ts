/**
 * The small set of domain errors. One exception filter maps them to HTTP (src/shared/http/error-filter.ts).
 * `message` is what the client sees: keep it precise and free of secrets.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'conflict' | 'invalid' | 'precondition' | 'limit';
  /** Optional Auth0-style errorCode (e.g. invalid_body). */
  readonly errorCode?: string;
  constructor(message: string, errorCode?: string) {
    super(message);
    this.name = new.target.name;
    this.errorCode = errorCode;
  }
}

/** 404 */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
}

/** 409: the request conflicts with the current state (bound action, duplicate name, concurrent write). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** 400: the request is well-formed but not acceptable (deploy an unbuilt draft, bind an undeployed action). */
export class InvalidError extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(message: string, errorCode = 'invalid_body') {
    super(message, errorCode);
  }
}

/** 412: the client pinned a revision (If-Match) that is no longer current. */
export class PreconditionFailedError extends DomainError {
  readonly kind = 'precondition' as const;
}

/** 409 for entity-count limits (actions per tenant, versions per action). */
export class LimitExceededError extends DomainError {
  readonly kind = 'limit' as const;
}
