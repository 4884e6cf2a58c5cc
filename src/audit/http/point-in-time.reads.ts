/**
 * `?as_of=` on GET action, list versions, GET version and GET bindings: the same Auth0 shapes (the normal
 * presenters), answered from the streams folded up to the point by AuditReader, never from the read models.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ACTION_NOT_FOUND, VERSION_NOT_FOUND } from '../../actions/actions.decider';
import { presentAction, presentVersionView } from '../../actions/http/action.presenter';
import { pageEnvelope } from '../../shared/http/page-envelope';
import { presentBinding } from '../../bindings/http/binding.presenter';
import { NotFoundError } from '../../shared/domain-errors';
import { ApiError } from '../../shared/http/error-filter';
import { setEtag } from '../../shared/http/request-meta';
import { AsOf, InvalidAsOfError, parseAsOf } from '../as-of';
import { AUDIT_READER, AuditReader } from '../audit-reader';

export function asOfParam(value: unknown): AsOf {
  if (typeof value !== 'string')
    throw new ApiError(
      400,
      "Query validation error: 'Expected type string' on property as_of.",
      'invalid_query_string',
    );
  try {
    return parseAsOf(value);
  } catch (e) {
    if (e instanceof InvalidAsOfError)
      throw new ApiError(400, `Query validation error: '${e.message}' on property as_of.`, 'invalid_query_string');
    throw e;
  }
}

@Injectable()
export class PointInTimeReads {
  constructor(@Inject(AUDIT_READER) private readonly reader: AuditReader) {}

  /** `asOf` left out: the action as its stream stands now (what a write answers, whatever the read models lag). */
  async action(tenantId: string, actionId: string, asOf: string | undefined, reply: FastifyReply) {
    const view = await this.reader.actionAt(tenantId, actionId, asOf === undefined ? undefined : asOfParam(asOf));
    if (!view) throw new NotFoundError(ACTION_NOT_FOUND);
    setEtag(reply, view.revision);
    return presentAction(view);
  }

  async versions(tenantId: string, actionId: string, asOf: string, page: number, perPage: number) {
    const all = await this.reader.versionsAt(tenantId, actionId, asOfParam(asOf));
    if (!all) throw new NotFoundError(ACTION_NOT_FOUND);
    return pageEnvelope(
      'versions',
      all.slice(page * perPage, (page + 1) * perPage).map(presentVersionView),
      all.length,
      page,
      perPage,
    );
  }

  async version(tenantId: string, actionId: string, versionId: string, asOf: string | undefined) {
    const all = await this.reader.versionsAt(tenantId, actionId, asOf === undefined ? undefined : asOfParam(asOf));
    const found = all?.find((v) => v.doc.id === versionId);
    if (!found) throw new NotFoundError(VERSION_NOT_FOUND);
    return presentVersionView(found);
  }

  async bindings(
    tenantId: string,
    triggerId: string,
    asOf: string,
    page: number,
    perPage: number,
    reply: FastifyReply,
  ) {
    const { bindings, revision } = await this.reader.bindingsAt(tenantId, triggerId, asOfParam(asOf));
    setEtag(reply, revision);
    return pageEnvelope(
      'bindings',
      bindings.slice(page * perPage, (page + 1) * perPage).map(presentBinding),
      bindings.length,
      page,
      perPage,
    );
  }
}
