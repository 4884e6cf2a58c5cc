/** The execution record (docs/api.md, "Wire shapes": Execution); fields beyond Auth0's shape are ignored by clients. */
import type { RecordedCommand } from '../api/api-host';

export type ExecutionStatus = 'final' | 'partial' | 'canceled' | 'suspended';

export interface ActionResult {
  action_name: string;
  binding_id: string;
  version_id: string;
  started_at: string;
  ended_at: string;
  error?: { id: string; msg: string };
  response?: {
    error?: { name: string; message: string };
    stats: { action_duration_ms: number; boot_duration_ms: number };
  };
}

export interface ExecutionRecord {
  id: string;
  trigger_id: string;
  status: ExecutionStatus;
  results: ActionResult[];
  commands: RecordedCommand[];
  logs: { action_name: string; lines: string[] }[];
  redirect?: { url: string; state: string };
  /** api.prompt.render suspended the flow: the prompt to show, and the state to continue with its answers. */
  prompt?: { id: string; state: string; options?: Record<string, unknown> };
  created_at: string;
  updated_at: string;
}

/** Execution ids are opaque URL-safe strings; anything else cannot name an execution. */
export const EXECUTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

export const EXECUTION_NOT_FOUND = 'That execution does not exist.';
