/** Audit from the log: history, version diffs and point-in-time reads (docs/audit.md). */
import { Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../event-store/port';
import { AUDIT_READER, AuditReader } from './audit-reader';
import { AuditController } from './http/audit.controller';
import { PointInTimeReads } from './http/point-in-time.reads';

@Module({
  controllers: [AuditController],
  providers: [
    { provide: AUDIT_READER, useFactory: (store: EventStore) => new AuditReader(store), inject: [EVENT_STORE] },
    PointInTimeReads,
  ],
  exports: [PointInTimeReads],
})
export class AuditModule {}
