/**
 * Execution records in Redis: one key per execution, written with SET … PXAT created_at + retention, so Redis
 * itself forgets the record when it expires. A state claim is a SET NX with the same expiry. Keys hash-tag the
 * tenant: <prefix>execution:{<tenant>}:<id> and <prefix>execution:{<tenant>}:<id>:claim:<state hash>.
 * A value is never longer than the record bound (record-size.ts), so a GET stays a quick read.
 */
import type Redis from 'ioredis';
import type { ExecutionStore, SerializedExecution, StoredExecution } from './execution-store';
import { DEFAULT_RECORD_MAX_BYTES, fitExecution } from './record-size';

export class RedisExecutionStore implements ExecutionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly recordMaxBytes = DEFAULT_RECORD_MAX_BYTES,
  ) {}

  key(tenantId: string, id: string): string {
    return `${this.keyPrefix}execution:{${encodeURIComponent(tenantId)}}:${id}`;
  }

  async save(e: StoredExecution, expiresAt: number): Promise<void> {
    await this.redis.set(this.key(e.tenantId, e.record.id), fitExecution(e, this.recordMaxBytes), 'PXAT', expiresAt);
  }

  /** One pipeline (one write, one round trip) for the whole batch. */
  async saveMany(executions: readonly SerializedExecution[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const e of executions) pipeline.set(this.key(e.tenantId, e.id), e.body, 'PXAT', e.expiresAt);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0] as Error;
  }

  async get(tenantId: string, id: string): Promise<StoredExecution | undefined> {
    const raw = await this.redis.get(this.key(tenantId, id));
    return raw ? (JSON.parse(raw) as StoredExecution) : undefined;
  }

  async claim(tenantId: string, id: string, stateHash: string, expiresAt: number): Promise<boolean> {
    return (
      (await this.redis.set(`${this.key(tenantId, id)}:claim:${stateHash}`, '1', 'PXAT', expiresAt, 'NX')) === 'OK'
    );
  }

  async close(): Promise<void> {
    // the connection belongs to the runtime module
  }
}
