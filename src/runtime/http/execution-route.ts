/**
 * POST /runtime/v1/triggers/{triggerId}/executions served on Fastify directly (docs/performance.md, "The execution
 * route"). It is the hot route of the service: every login of every user of every tenant takes it, so it skips Nest's
 * per-request chain (guard, pipes, interceptors, parameter resolution) and does the same steps itself, in the same
 * order and with the same answers: the JSON body parsed by the service's parser (app.factory.ts), the bearer token
 * checked by the guard's own `authenticate` (401 / 403), the body by the same validation pipe (400, Auth0's
 * wording), then the trigger (404 / 400) and the execution. Errors are thrown into Fastify's error handler, which
 * Nest wires to the global error filter, so every error body is Auth0's as on every other route. The record is
 * serialised once, for the answer and the execution store both.
 *
 * Registered by installExecutionRoute (called once by createApp) and described in the OpenAPI document by
 * documentExecutionRoute (the Nest controllers describe themselves; this route is not one of them).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiProperty, OpenAPIObject } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { authenticate } from '../../auth/auth.guard';
import type { Principal } from '../../auth/auth.decorators';
import type { TokenVerifier } from '../../auth/token-verifier';
import { ValidBody } from '../../shared/http/validation';
import type { TriggerExecutor } from '../executions/trigger-executor';

/** The body: exactly { event: <object> } (checked by ValidBody, which words the 400s). */
export class ExecuteTriggerDto {
  /** The event is the caller's own JSON: any keys (shared/http/validation.ts, prototypeKey). */
  static readonly freeFormProperties = ['event'];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The trigger's event object (docs/api.md, Triggers and their api)",
  })
  @IsObject()
  event!: Record<string, unknown>;

  /** The hot route's body without class-transformer/class-validator: exactly { event: <object> } passes as is. */
  static fastPath(input: Record<string, unknown>): ExecuteTriggerDto | undefined {
    const event = input.event;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    for (const key in input) if (key !== 'event') return undefined;
    return Object.assign(new ExecuteTriggerDto(), { event: event as Record<string, unknown> });
  }
}

export const EXECUTION_ROUTE = '/runtime/v1/triggers/:triggerId/executions';
export const EXECUTION_SCOPES = ['execute:actions'] as const;
const BODY_METADATA = { type: 'body' as const, metatype: ExecuteTriggerDto, data: undefined };

export interface ExecutionRouteDeps {
  verifier: TokenVerifier;
  executor: TriggerExecutor;
}

type Route = { Params: { triggerId: string } };

export function installExecutionRoute(fastify: FastifyInstance, deps: ExecutionRouteDeps): void {
  fastify.route<Route>({
    method: 'POST',
    url: EXECUTION_ROUTE,
    handler: async (request, reply) => {
      const principal = await authenticate(deps.verifier, request.headers.authorization, EXECUTION_SCOPES, reply);
      (request as FastifyRequest & { principal?: Principal }).principal = principal;
      const json = await executeParsedBody(deps.executor, principal.tenantId, request.params.triggerId, request.body);
      return reply.type('application/json; charset=utf-8').send(json);
    },
  });
}

/**
 * The route's work once the caller is known: the parsed body checked (400s in Auth0's wording), the trigger run,
 * the record's JSON answered. Shared by the Fastify route and the fast lane (execution-fast-lane.ts).
 */
export async function executeParsedBody(
  executor: TriggerExecutor,
  tenantId: string,
  triggerId: string,
  parsedBody: unknown,
): Promise<string> {
  const body = ValidBody.transform(parsedBody, BODY_METADATA) as ExecuteTriggerDto;
  // the parsed body is this request's own: the executor takes the event without copying it
  return executor.executeToJson(tenantId, triggerId, body.event, true);
}

/** The route's entry in the OpenAPI document (/api/docs), as the controllers' decorators would have written it. */
export function documentExecutionRoute(document: OpenAPIObject): void {
  const path = EXECUTION_ROUTE.replace(':triggerId', '{triggerId}');
  document.paths[path] = {
    post: {
      operationId: 'RuntimeController_execute',
      summary: "Run the trigger's bound actions in binding order and answer the execution record",
      tags: ['runtime'],
      security: [{ bearer: [] }],
      parameters: [{ name: 'triggerId', required: true, in: 'path', schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['event'],
              additionalProperties: false,
              properties: {
                event: {
                  type: 'object',
                  additionalProperties: true,
                  description: "The trigger's event object (docs/api.md, Triggers and their api)",
                },
              },
            },
          },
        },
      },
      responses: { '200': { description: 'The execution record (docs/api.md, Executions)' } },
    },
  };
}
