/** The runtime API for the host product (service.md) and the executions endpoint of the Management API. */
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength } from 'class-validator';
import { CurrentPrincipal, Principal, RequireScopes } from '../../auth/auth.decorators';
import { NotFoundError } from '../../shared/domain-errors';
import { ApiError } from '../../shared/http/error-filter';
import { ValidBody } from '../../shared/http/validation';
import type { ExecutionStore } from '../executions/execution-store';
import { EXECUTION_STORE } from '../executions/execution-store';
import { EXECUTION_NOT_FOUND, TriggerExecutor } from '../executions/trigger-executor';
import type { Clock } from '../../shared/clock';
import { CLOCK } from '../../shared/clock';

export class ExecuteTriggerDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The trigger's event object" }) @IsObject()
  event!: Record<string, unknown>;
}

export class ContinueExecutionDto {
  @ApiProperty() @IsString() @MaxLength(256)
  state!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject()
  event!: Record<string, unknown>;
}

@ApiTags('runtime')
@ApiBearerAuth()
@Controller()
export class RuntimeController {
  constructor(
    private readonly executor: TriggerExecutor,
    @Inject(EXECUTION_STORE) private readonly store: ExecutionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('runtime/v1/triggers/:triggerId/executions')
  @HttpCode(200)
  @RequireScopes('execute:actions')
  execute(@Param('triggerId') triggerId: string, @Body(ValidBody) body: ExecuteTriggerDto, @CurrentPrincipal() p: Principal) {
    return this.executor.execute(p.tenantId, triggerId, body.event);
  }

  @Post('runtime/v1/executions/:id/continue')
  @HttpCode(200)
  @RequireScopes('execute:actions')
  resume(@Param('id') id: string, @Body(ValidBody) body: ContinueExecutionDto, @CurrentPrincipal() p: Principal) {
    return this.executor.resume(p.tenantId, id, body.state, body.event);
  }

  @Get('api/v2/actions/executions/:id')
  @RequireScopes('read:actions')
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    let stored;
    try {
      stored = await this.store.get(p.tenantId, id, this.clock.now().getTime());
    } catch {
      throw new ApiError(503, 'Execution records are unavailable right now; try again shortly.');
    }
    if (!stored) throw new NotFoundError(EXECUTION_NOT_FOUND);
    return stored.record;
  }
}
