/** /api/v2/actions/triggers and their bindings (docs/api.md, "Endpoints"). */
import { Body, Controller, Get, Param, Patch, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes } from '../../auth/auth.decorators';
import { pageEnvelope } from '../../shared/http/page-envelope';
import { PageAsOfQuery } from '../../audit/http/audit.dtos';
import { PointInTimeReads } from '../../audit/http/point-in-time.reads';
import { Meta, RequestMeta, setEtag } from '../../shared/http/request-meta';
import { ValidBody, ValidQuery } from '../../shared/http/validation';
import { TRIGGERS } from '../../triggers/trigger-catalogue';
import { checkTrigger } from '../../triggers/http/trigger-path';
import { BindingsQueries } from '../bindings.queries';
import { UpdateBindingsCommand } from '../commands/update-bindings.handler';
import { presentBinding } from './binding.presenter';
import { UpdateBindingsDto } from './bindings.dtos';

@ApiTags('triggers')
@ApiBearerAuth()
@Controller('api/v2/actions/triggers')
export class TriggersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly bindings: BindingsQueries,
    private readonly pointInTime: PointInTimeReads,
  ) {}

  @Get()
  @RequireScopes('read:actions')
  list() {
    return {
      triggers: TRIGGERS.map((t) => ({
        id: t.id,
        version: t.version,
        status: t.status,
        runtimes: t.runtimes,
        default_runtime: t.default_runtime,
        compatible_triggers: t.compatible_triggers,
        binding_policy: t.binding_policy,
      })),
    };
  }

  @Get(':triggerId/bindings')
  @RequireScopes('read:actions')
  list_bindings(
    @Param('triggerId') triggerId: string,
    @Query(ValidQuery) q: PageAsOfQuery,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    checkTrigger(triggerId);
    const page = q.page ?? 0;
    const perPage = q.per_page ?? 50;
    if (q.as_of !== undefined)
      return this.pointInTime.bindings(meta.principal.tenantId, triggerId, q.as_of, page, perPage, reply);
    const all = this.bindings.listBindings(meta.principal.tenantId, triggerId);
    setEtag(reply, this.bindings.revision(meta.principal.tenantId, triggerId) ?? 'no_stream');
    return pageEnvelope(
      'bindings',
      all.slice(page * perPage, (page + 1) * perPage).map(presentBinding),
      all.length,
      page,
      perPage,
    );
  }

  @Patch(':triggerId/bindings')
  @RequireScopes('update:actions')
  async update(
    @Param('triggerId') triggerId: string,
    @Body(ValidBody) body: UpdateBindingsDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    checkTrigger(triggerId);
    await this.commands.execute(new UpdateBindingsCommand(triggerId, body.bindings, meta));
    setEtag(reply, this.bindings.revision(meta.principal.tenantId, triggerId) ?? 'no_stream');
    return { bindings: this.bindings.listBindings(meta.principal.tenantId, triggerId).map(presentBinding) };
  }
}
