/**
 * Audit from the log (docs/audit.md): an action's history, a trigger's bindings history, and the diff between two
 * versions. Answered from the event streams, so a deleted action's history stays readable.
 */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../auth/auth.decorators';
import { ACTION_NOT_FOUND, VERSION_NOT_FOUND } from '../../actions/actions.decider';
import { pageEnvelope } from '../../shared/http/page-envelope';
import { checkTrigger } from '../../triggers/http/trigger-path';
import { NotFoundError } from '../../shared/domain-errors';
import { Meta, RequestMeta } from '../../shared/http/request-meta';
import { ValidQuery } from '../../shared/http/validation';
import { AUDIT_READER, AuditReader } from '../audit-reader';
import type { HistoryEntry } from '../history';
import { HistoryPageDto, HistoryQuery, VersionDiffDto } from './audit.dtos';

function historyPage(entries: HistoryEntry[], q: HistoryQuery) {
  const page = q.page ?? 0;
  const perPage = q.per_page ?? 50;
  const envelope = pageEnvelope(
    'history',
    entries.slice(page * perPage, (page + 1) * perPage),
    entries.length,
    page,
    perPage,
  );
  if (q.include_totals === false) delete (envelope as { total?: number }).total;
  return envelope;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v2/actions')
export class AuditController {
  constructor(@Inject(AUDIT_READER) private readonly reader: AuditReader) {}

  @Get('actions/:id/history')
  @RequireScopes('read:actions')
  @ApiOperation({ summary: "An action's history from its event stream, oldest first (also after it was deleted)." })
  @ApiOkResponse({ type: HistoryPageDto })
  async actionHistory(@Param('id') id: string, @Query(ValidQuery) q: HistoryQuery, @Meta() meta: RequestMeta) {
    const found = await this.reader.actionHistory(id, meta.principal.tenantId);
    if (!found) throw new NotFoundError(ACTION_NOT_FOUND);
    return historyPage(found.entries, q);
  }

  @Get('actions/:id/versions/:from/diff/:to')
  @RequireScopes('read:actions')
  @ApiOperation({
    summary:
      'What changed from one version to another: unified code diff, dependencies, runtime, secret names (fingerprints only).',
  })
  @ApiParam({ name: 'from', description: 'Version id (or number)' })
  @ApiParam({ name: 'to', description: 'Version id (or number)' })
  @ApiOkResponse({ type: VersionDiffDto })
  async versionDiff(
    @Param('id') id: string,
    @Param('from') from: string,
    @Param('to') to: string,
    @Meta() meta: RequestMeta,
  ) {
    const diff = await this.reader.versionDiff(id, from, to, meta.principal.tenantId);
    if (diff === 'action') throw new NotFoundError(ACTION_NOT_FOUND);
    if (diff === 'version') throw new NotFoundError(VERSION_NOT_FOUND);
    return diff;
  }

  @Get('triggers/:triggerId/bindings/history')
  @RequireScopes('read:actions')
  @ApiOperation({ summary: "The history of a trigger's ordered bindings, oldest first." })
  @ApiOkResponse({ type: HistoryPageDto })
  async bindingsHistory(
    @Param('triggerId') triggerId: string,
    @Query(ValidQuery) q: HistoryQuery,
    @Meta() meta: RequestMeta,
  ) {
    checkTrigger(triggerId);
    return historyPage(await this.reader.bindingsHistory(meta.principal.tenantId, triggerId), q);
  }
}
