/** What query handlers use to read the read-model store (implemented by src/projections/read-store.ts). */
import type { SqlValue } from '../projections/projection';

export interface ReadModels {
  all<T>(sql: string, ...params: SqlValue[]): T[];
  get<T>(sql: string, ...params: SqlValue[]): T | undefined;
}
export const READ_MODELS = Symbol('READ_MODELS');
