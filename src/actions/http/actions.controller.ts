/**
 * /api/v2/actions/actions and its versions (docs/architecture.md, "Write side"). Reads come from the read models;
 * writes answer from the action's stream folded right after the append (body and ETag), so a write that succeeded
 * never answers 404 or a stale body while a projection is behind or parked.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes } from '../../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { ApiError } from '../../shared/http/error-filter';
import { isConfiguredRegistry } from '../../shared/npm-package-spec';
import { NotFoundError } from '../../shared/domain-errors';
import { Meta, RequestMeta, setEtag } from '../../shared/http/request-meta';
import { pageEnvelope } from '../../shared/http/page-envelope';
import { ValidBody, ValidOptionalBody, ValidQuery } from '../../shared/http/validation';
import { AS_OF_DESCRIPTION, PageAsOfQuery } from '../../audit/http/audit.dtos';
import { PointInTimeReads } from '../../audit/http/point-in-time.reads';
import { ACTION_NOT_FOUND, VERSION_NOT_FOUND } from '../actions.decider';
import { ActionsQueries } from '../actions.queries';
import { CreateActionCommand } from '../commands/create-action.handler';
import { DeleteActionCommand } from '../commands/delete-action.handler';
import { DeployActionCommand } from '../commands/deploy-action.handler';
import { RollbackVersionCommand } from '../commands/rollback-version.handler';
import { UpdateActionCommand } from '../commands/update-action.handler';
import { CreateActionDto, DeleteActionQuery, ListActionsQuery, RollbackDto, UpdateActionDto } from './action.dtos';
import { presentAction, presentVersionView } from './action.presenter';
import { PresentedActions } from './presented-actions';

@ApiTags('actions')
@ApiBearerAuth()
@Controller('api/v2/actions/actions')
export class ActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ActionsQueries,
    private readonly pointInTime: PointInTimeReads,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PresentedActions) private readonly presented: PresentedActions,
  ) {}

  /** A dependency's registry_url must be the configured registry, or be left out (npm-package-spec.ts). */
  private checkRegistries(dependencies: { registry_url?: string }[] | undefined): void {
    const i = (dependencies ?? []).findIndex(
      (d) => d.registry_url !== undefined && !isConfiguredRegistry(d.registry_url, this.config.runtime.npmRegistry),
    );
    if (i < 0) return;
    throw new ApiError(
      400,
      `Payload validation error: 'registry_url must be left out: dependencies install from the registry this service is configured with' on property dependencies[${i}].registry_url.`,
      'invalid_body',
    );
  }

  @Get()
  @RequireScopes('read:actions')
  list(@Query(ValidQuery) q: ListActionsQuery, @Meta() meta: RequestMeta) {
    const page = q.page ?? 0;
    const perPage = q.per_page ?? 50;
    const result = this.queries.listActions(meta.principal.tenantId, q, page, perPage);
    return pageEnvelope('actions', result.items.map(presentAction), result.total, page, perPage);
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('create:actions')
  async create(
    @Body(ValidBody) body: CreateActionDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    this.checkRegistries(body.dependencies);
    const id = await this.commands.execute<CreateActionCommand, string>(new CreateActionCommand(body, meta));
    return this.pointInTime.action(meta.principal.tenantId, id, undefined, reply); // from the stream: never stale, never 404
  }

  @Get(':id')
  @RequireScopes('read:actions')
  @ApiQuery({ name: 'as_of', required: false, description: AS_OF_DESCRIPTION })
  get(
    @Param('id') id: string,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('as_of') asOf?: string,
  ) {
    if (asOf !== undefined) return this.pointInTime.action(meta.principal.tenantId, id, asOf, reply);
    const tenantId = meta.principal.tenantId;
    const presented = this.presented.get(tenantId, id, () => {
      const view = this.queries.getAction(tenantId, id);
      return view && { revision: view.revision, json: JSON.stringify(presentAction(view)) };
    });
    if (!presented) throw new NotFoundError(ACTION_NOT_FOUND);
    setEtag(reply, presented.revision);
    reply.type('application/json; charset=utf-8');
    return presented.json;
  }

  @Patch(':id')
  @RequireScopes('update:actions')
  async update(
    @Param('id') id: string,
    @Body(ValidBody) body: UpdateActionDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    this.checkRegistries(body.dependencies);
    await this.commands.execute(new UpdateActionCommand(id, body, meta));
    return this.pointInTime.action(meta.principal.tenantId, id, undefined, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('delete:actions')
  async remove(
    @Param('id') id: string,
    @Query(ValidQuery) q: DeleteActionQuery,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.commands.execute(new DeleteActionCommand(id, q.force === true, meta));
  }

  @Post(':id/deploy')
  @HttpCode(200)
  @RequireScopes('create:actions')
  async deploy(@Param('id') id: string, @Meta() meta: RequestMeta) {
    const versionId = await this.commands.execute<DeployActionCommand, string>(new DeployActionCommand(id, meta));
    return this.pointInTime.version(meta.principal.tenantId, id, versionId, undefined);
  }

  @Get(':actionId/versions')
  @RequireScopes('read:actions')
  versions(@Param('actionId') actionId: string, @Query(ValidQuery) q: PageAsOfQuery, @Meta() meta: RequestMeta) {
    const page = q.page ?? 0;
    const perPage = q.per_page ?? 20;
    if (q.as_of !== undefined)
      return this.pointInTime.versions(meta.principal.tenantId, actionId, q.as_of, page, perPage);
    const result = this.queries.listVersions(meta.principal.tenantId, actionId, page, perPage);
    if (!result) throw new NotFoundError(ACTION_NOT_FOUND);
    return pageEnvelope('versions', result.items.map(presentVersionView), result.total, page, perPage);
  }

  @Get(':actionId/versions/:id')
  @RequireScopes('read:actions')
  @ApiQuery({ name: 'as_of', required: false, description: AS_OF_DESCRIPTION })
  version(
    @Param('actionId') actionId: string,
    @Param('id') id: string,
    @Meta() meta: RequestMeta,
    @Query('as_of') asOf?: string,
  ) {
    if (asOf !== undefined) return this.pointInTime.version(meta.principal.tenantId, actionId, id, asOf);
    return this.presentVersion(meta, actionId, id);
  }

  @Post(':actionId/versions/:id/deploy')
  @HttpCode(200)
  @RequireScopes('create:actions')
  async rollback(
    @Param('actionId') actionId: string,
    @Param('id') id: string,
    @Body(ValidOptionalBody) body: RollbackDto,
    @Meta() meta: RequestMeta,
  ) {
    const versionId = await this.commands.execute<RollbackVersionCommand, string>(
      new RollbackVersionCommand(actionId, id, body.update_draft === true, meta),
    );
    return this.pointInTime.version(meta.principal.tenantId, actionId, versionId, undefined);
  }

  private presentVersion(meta: RequestMeta, actionId: string, versionId: string) {
    const view = this.queries.getVersion(meta.principal.tenantId, actionId, versionId);
    if (!view) throw new NotFoundError(VERSION_NOT_FOUND);
    return presentVersionView(view);
  }
}
