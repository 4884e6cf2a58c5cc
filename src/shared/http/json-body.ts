/**
 * Request bodies as JSON (docs/api.md, "Errors"): Fastify's strict parser (prototype poisoning refused), an empty
 * body read as no body (SDKs POST deploy/rollback with none), and a depth bound checked before validation recurses
 * into the value. Fastify's `application/json` parser (app.factory.ts) and the execution route's fast lane
 * (runtime/http/execution-fast-lane.ts) both parse with the parser `jsonBodyParser` makes, so both answer the same
 * errors.
 */
import type { FastifyInstance } from 'fastify';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** No request of this API nests beyond a few levels; deeper bodies are refused before validation recurses into them. */
export const MAX_JSON_DEPTH = 32;

/** Parses a body's text; throws the error the caller answers (a 400: `statusCode` set, Fastify's own codes). */
export type JsonBodyParser = (text: string) => unknown;

export function jsonBodyParser(fastify: FastifyInstance): JsonBodyParser {
  const strict = fastify.getDefaultJsonParser('error', 'error');
  return (text) => {
    if (text.trim() === '') return undefined;
    let parsed: unknown;
    let failure: Error | null = null;
    // Fastify's default parser answers synchronously
    strict(undefined as never, text, (error, value) => {
      failure = error;
      parsed = value;
    });
    if (failure) throw failure;
    if (nestingDepth(parsed) > MAX_JSON_DEPTH) {
      throw Object.assign(new Error(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), {
        statusCode: 400,
      });
    }
    return parsed;
  };
}

/** Depth of a parsed JSON value (iterative, so a hostile body cannot overflow the stack here either). */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}
