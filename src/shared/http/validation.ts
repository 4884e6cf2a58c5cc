/**
 * Validation at the edge. DTOs mirror the OpenAPI schemas; unknown properties and unknown query parameters are
 * refused (additionalProperties:false). Messages follow Auth0's form:
 *   "Payload validation error: '<rule>' on property <path>."   (errorCode invalid_body)
 *   "Query validation error: '<rule>' on property <path>."     (errorCode invalid_query_string)
 */
import { ArgumentMetadata, Injectable, PipeTransform, ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApiError } from './error-filter';

type Kind = 'body' | 'query';

const PREFIX: Record<Kind, string> = { body: 'Payload validation error', query: 'Query validation error' };
const CODE: Record<Kind, string> = { body: 'invalid_body', query: 'invalid_query_string' };

/** Type constraints first: a number where a string belongs is "must be a string", not "must be shorter". */
const TYPE_CHECKS = [
  'whitelistValidation',
  'isDefined',
  'isString',
  'isBoolean',
  'isNumber',
  'isInt',
  'isArray',
  'isObject',
];

function mostBasic(constraints: Record<string, string>): [string, string] {
  const entries = Object.entries(constraints);
  const rank = ([key]: [string, string]) => (TYPE_CHECKS.includes(key) ? TYPE_CHECKS.indexOf(key) : TYPE_CHECKS.length);
  return entries.reduce((best, entry) => (rank(entry) < rank(best) ? entry : best));
}

function firstProblem(errors: ValidationError[], parent = ''): { path: string; rule: string } | undefined {
  for (const e of errors) {
    const path =
      parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    if (e.constraints) {
      const [key, message] = mostBasic(e.constraints);
      if (key === 'whitelistValidation')
        return { path: parent, rule: `Additional properties not allowed: ${e.property}` };
      return { path, rule: message.replace(/^(each value in )?\S+ /, (m) => m) };
    }
    const nested = firstProblem(e.children ?? [], path);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Keys that name Object.prototype members (`constructor`, `__proto__`, `toString`, …) are never properties of a
 * request; class-transformer skips them, so the whitelist would never see them. They are refused as unknown
 * properties wherever they appear, except inside the free-form properties a DTO names in `freeFormProperties`
 * (a test event payload is the caller's own JSON). docs/security.md, "HTTP and authentication".
 */
function prototypeKey(input: object, freeForm: readonly string[]): { path: string; key: string } | undefined {
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const array = Array.isArray(value);
    for (const key of Object.keys(value)) {
      if (!array && (key in Object.prototype || key === '__proto__')) return { path, key };
      if (path === '' && freeForm.includes(key)) continue;
      stack.push([
        (value as Record<string, unknown>)[key],
        array ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`,
      ]);
    }
  }
  return undefined;
}

/**
 * A DTO may declare `static fastPath(input)`: it answers the instance when the input is plainly valid (the hot
 * routes' common case), or undefined to let class-validator decide and word the error exactly as always.
 */
export interface FastPathDto {
  fastPath?(input: Record<string, unknown>): object | undefined;
}

@Injectable()
export class StrictValidationPipe implements PipeTransform {
  /** `optional`: an absent or null value (no request body at all) reads as {}. */
  constructor(
    private readonly kind: Kind,
    private readonly optional = false,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype;
    if (!metatype || [String, Number, Boolean, Object, Array].includes(metatype as never)) return value;
    const absent = value === undefined || (value === null && this.optional);
    const input = absent && (this.kind === 'query' || this.optional) ? {} : value;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      const found = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
      throw new ApiError(
        400,
        `${PREFIX[this.kind]}: 'Expected type object but found type ${found}' on property .`,
        CODE[this.kind],
      );
    }
    const freeForm = (metatype as { freeFormProperties?: string[] }).freeFormProperties ?? [];
    const protoKey = prototypeKey(input, freeForm);
    if (protoKey) {
      throw new ApiError(
        400,
        `${PREFIX[this.kind]}: 'Additional properties not allowed: ${protoKey.key}' on property ${protoKey.path}.`,
        CODE[this.kind],
      );
    }
    const fast = (metatype as FastPathDto).fastPath?.(input as Record<string, unknown>);
    if (fast) return fast;
    const instance = plainToInstance(metatype as new () => object, input, { enableImplicitConversion: false });
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) {
      let problem = firstProblem(errors) ?? { path: '', rule: 'Invalid value' };
      const oneOf = ((metatype as { oneOfArrays?: string[] }).oneOfArrays ?? [])
        .map((name) => new RegExp(`^${name}\\[\\d+\\]`).exec(problem.path)?.[0])
        .find(Boolean);
      if (oneOf) problem = { path: oneOf, rule: "Data does not match any schemas from 'oneOf'" };
      throw new ApiError(400, `${PREFIX[this.kind]}: '${problem.rule}' on property ${problem.path}.`, CODE[this.kind]);
    }
    return instance;
  }
}

export const ValidBody = new StrictValidationPipe('body');
export const ValidOptionalBody = new StrictValidationPipe('body', true);
export const ValidQuery = new StrictValidationPipe('query');
