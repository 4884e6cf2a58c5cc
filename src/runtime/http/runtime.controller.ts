/**
 * The runtime API for the host product (docs/api.md, "Endpoints") and the executions endpoint of the Management API.
 * The tenant is always the caller's (principal.tenantId): another tenant's execution is simply not found.
 * POST /runtime/v1/triggers/{id}/executions, the hot route, is served on Fastify directly (execution-route.ts).
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentPrincipal, Principal, RequireScopes } from '../../auth/auth.decorators';
import { NotFoundError } from '../../shared/domain-errors';
import type { Clock } from '../../shared/clock';
import { CLOCK } from '../../shared/clock';
import { ApiError } from '../../shared/http/error-filter';
import { ValidBody } from '../../shared/http/validation';
import { EXECUTION_ID, EXECUTION_NOT_FOUND } from '../executions/execution-record';
import type { ExecutionStore } from '../executions/execution-store';
import { EXECUTION_STORE } from '../executions/execution-store';
import { ExecutionsUnavailableError, TriggerExecutor } from '../executions/trigger-executor';

export class ContinueExecutionDto {
  static readonly freeFormProperties = ['event'];
  @ApiProperty({ description: 'The state handed out with the redirect' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  state!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event, with the request of the returning user',
  })
  @IsObject()
  event!: Record<string, unknown>;
}

const UNAVAILABLE = 'Execution records are unavailable right now; try again shortly.';

@ApiTags('runtime')
@ApiBearerAuth()
@Controller()
export class RuntimeController {
  constructor(
    private readonly executor: TriggerExecutor,
    @Inject(EXECUTION_STORE) private readonly store: ExecutionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('runtime/v1/executions/:id/continue')
  @HttpCode(200)
  @RequireScopes('execute:actions')
  @ApiOperation({
    summary: 'Resume a suspended execution after the redirect (onContinuePostLogin, then the remaining actions)',
  })
  async resume(@Param('id') id: string, @Body(ValidBody) body: ContinueExecutionDto, @CurrentPrincipal() p: Principal) {
    try {
      return await this.executor.resume(p.tenantId, id, body.state, body.event);
    } catch (e) {
      if (e instanceof ExecutionsUnavailableError) throw new ApiError(503, UNAVAILABLE);
      throw e;
    }
  }

  @Get('api/v2/actions/executions/:id')
  @RequireScopes('read:actions')
  @ApiOperation({ summary: 'Get an execution (kept 10 days)' })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    if (!EXECUTION_ID.test(id)) throw new NotFoundError(EXECUTION_NOT_FOUND);
    let stored;
    try {
      stored = await this.store.get(p.tenantId, id, this.clock.now().getTime());
    } catch {
      throw new ApiError(503, UNAVAILABLE);
    }
    if (!stored) throw new NotFoundError(EXECUTION_NOT_FOUND);
    return stored.record;
  }
}
