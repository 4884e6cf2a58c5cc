/** Wire shapes of the public API the console uses (docs/api.md, "Wire shapes"; docs/audit.md). */

export interface TriggerRef {
  id: string;
  version: string;
}

export interface Dependency {
  name: string;
  version: string;
}

export interface SecretInfo {
  name: string;
  updated_at?: string;
  fingerprint?: string;
}

export type BuildStatus = 'pending' | 'built' | 'failed';

export interface Version {
  id: string;
  number: number;
  code: string;
  dependencies: Dependency[];
  runtime?: string;
  secrets?: SecretInfo[];
  status: string;
  deployed: boolean;
  action?: { id: string; name: string; supported_triggers: TriggerRef[] };
  built_at?: string;
  created_at: string;
  updated_at: string;
}

export interface Action {
  id: string;
  name: string;
  supported_triggers: TriggerRef[];
  code: string;
  dependencies?: Dependency[];
  runtime?: string;
  secrets?: SecretInfo[];
  status: BuildStatus;
  errors?: { id: string; msg: string }[];
  all_changes_deployed?: boolean;
  deployed_version?: Version;
  current_version?: Version;
  built_at?: string;
  created_at: string;
  updated_at: string;
}

/** What PATCH accepts: fields left out stay; arrays replace; a secret without value keeps its value. */
export interface ActionPatch {
  name?: string;
  code?: string;
  dependencies?: Dependency[];
  secrets?: { name: string; value?: string }[];
}

export interface NewAction {
  name: string;
  supported_triggers: TriggerRef[];
  code: string;
  dependencies?: Dependency[];
  secrets?: { name: string; value: string }[];
}

export interface Trigger {
  id: string;
  version: string;
  status: 'CURRENT' | 'DEPRECATED';
  runtimes: string[];
  default_runtime: string;
  compatible_triggers: TriggerRef[];
  binding_policy: string;
}

export interface Binding {
  id: string;
  trigger_id: string;
  display_name: string;
  action: Action;
  created_at: string;
  updated_at: string;
}

export interface BindingUpdate {
  ref: { type: 'action_id' | 'action_name' | 'binding_id'; value: string };
  display_name?: string;
}

export interface DraftTestResult {
  commands: { name: string; args: unknown[] }[];
  logs: string[];
  error?: { name: string; message: string; stack?: string };
  stats?: Record<string, number>;
}

export interface HistoryEntry {
  stream: string;
  revision: number;
  position: string;
  event_id: string;
  type: string;
  time: string;
  actor: string;
  correlation_id?: string;
  summary: string;
  changes?: string[];
}

interface ChangeList<T> {
  added: T[];
  removed: T[];
  changed: { name: string; from: string; to: string }[];
}

export interface VersionDiff {
  action_id: string;
  from: { id: string; number: number; created_at: string; code_sha256: string };
  to: { id: string; number: number; created_at: string; code_sha256: string };
  code: { changed: boolean; unified_diff: string };
  dependencies: ChangeList<Dependency>;
  secrets: ChangeList<{ name: string; fingerprint?: string }>;
  runtime: { changed: boolean; from: string; to: string };
  summary: string[];
}

export interface ExecutionResult {
  action_name: string;
  binding_id: string;
  version_id: string;
  started_at: string;
  ended_at: string;
  error?: { id: string; msg: string };
}

export interface Execution {
  id: string;
  trigger_id: string;
  status: 'final' | 'partial' | 'canceled' | 'suspended';
  results: ExecutionResult[];
  commands?: { action_name?: string; name: string; args: unknown[] }[];
  logs?: { action_name: string; lines: string[] }[];
  created_at: string;
  updated_at: string;
}

/** The Auth0 error body every error of the API has (docs/api.md, "Errors"). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
}
