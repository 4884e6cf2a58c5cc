/**
 * Execution ids (opaque and URL-safe, see EXECUTION_ID in execution-record.ts): the id generator's UUID as
 * base64url, then 6 random bytes so an id cannot be guessed from another. One generator per TriggerExecutor.
 */
import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../shared/clock';

export class ExecutionIds {
  private randomPool = Buffer.alloc(0);
  private randomAt = 0;

  constructor(private readonly ids: IdGenerator) {}

  next(): string {
    // 6 random bytes per id out of a pooled 3 KiB draw (one randomBytes call per 512 executions, not one each)
    if (this.randomAt + 6 > this.randomPool.length) [this.randomPool, this.randomAt] = [randomBytes(3072), 0];
    const tail = this.randomPool.subarray(this.randomAt, (this.randomAt += 6)).toString('base64url');
    return Buffer.from(this.ids.newId().replace(/-/g, ''), 'hex').toString('base64url') + tail;
  }
}
