/**
 * What of a run the tenant gets to see (docs/security.md, "Sandbox"):
 * - secret values are replaced by a marker in every string of an error (name, message, stack) and in every log
 *   line, including a secret cut in two by a truncation (its first part is hidden too) and a secret as it appears
 *   inside JSON text (api TypeErrors echo short arguments that way);
 * - an error's stack keeps its header and only the frames in the action's own file: no frame of the bootstrap, of
 *   isolated-vm's boundary or of the service's code, and no host path anywhere in an error; a log line that prints
 *   a stack loses the sandbox scripts' frames too;
 * - each error field is bounded in length (a thrown 50 MB message must not reach the execution record).
 */
import * as path from 'node:path';

const REDACTED = '[redacted]';
/** Shorter secret values are not scrubbed: they would mangle ordinary text and hide nothing. */
export const MIN_REDACTED_LENGTH = 4;

/** Bounds on the fields of an error shown to the tenant, in characters. */
export const ERROR_NAME_MAX = 256;
export const ERROR_MESSAGE_MAX = 4096;
export const ERROR_STACK_MAX = 8192;

/** The folder the service's code runs from (src/ or dist/ and above): never named in what a tenant sees. */
const SERVICE_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface TenantError {
  name: string;
  message: string;
  stack: string;
}

/** Replaces every secret value (of at least 4 characters) in the text with a marker. */
export function redactSecrets(text: string, secrets: Record<string, string>, cutAtEnd = false): string {
  return redactForms(text, secretForms(secrets), cutAtEnd);
}

/** A redactor for one run's secrets (`cut`: the text was truncated right after its end). */
/** Redactors of frozen secrets objects (the runtime's bound-versions view shares one per deployed version). */
const redactors = new WeakMap<object, (text: string, cut?: boolean) => string>();

export function redactorOf(secrets: Record<string, string>): (text: string, cut?: boolean) => string {
  const known = redactors.get(secrets);
  if (known) return known;
  const forms = secretForms(secrets);
  const redactor =
    forms.length === 0 ? (text: string) => text : (text: string, cut = false) => redactForms(text, forms, cut);
  if (Object.isFrozen(secrets)) redactors.set(secrets, redactor);
  return redactor;
}

function redactForms(text: string, forms: string[], cutAtEnd: boolean): string {
  let out = text;
  for (const v of forms) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return cutAtEnd ? redactCutTail(out, forms) : out;
}

/**
 * The error as the tenant sees it: redacted, stack reduced to the action's own frames, every field bounded.
 * Redaction comes before the bound, so a cut can split a marker but never a secret.
 */
export function tenantError(
  error: TenantError,
  actionFile: string,
  redact: (text: string, cut?: boolean) => string,
): TenantError {
  const field = (value: unknown, max: number) =>
    bounded(redact(withoutServiceFrames(withoutHostPaths(String(value ?? '')))), max);
  return {
    name: field(error.name, ERROR_NAME_MAX),
    message: field(error.message, ERROR_MESSAGE_MAX),
    stack: field(ownFrames(String(error.stack ?? ''), actionFile), ERROR_STACK_MAX),
  };
}

/** The stack's header (name and message) and, of its frames, only those in the action's own file. */
export function ownFrames(stack: string, actionFile: string): string {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex(isFrame);
  if (firstFrame < 0) return stack;
  const own = lines
    .slice(firstFrame)
    .filter((l) => isFrame(l) && (l.includes(`(${actionFile}:`) || l.includes(`at ${actionFile}:`)));
  return [...lines.slice(0, firstFrame), ...own].join('\n');
}

function isFrame(line: string): boolean {
  return /^\s+at /.test(line);
}

function withoutHostPaths(text: string): string {
  return text.includes(SERVICE_ROOT) ? text.split(SERVICE_ROOT).join('<service>') : text;
}

/** Stack frames of the sandbox's own scripts, as they appear inside a text the action made from an error's stack. */
const SERVICE_FRAME =
  /\n[ \t]+at [^\n]*(?:\((?:bootstrap|hardening|node-env)\.js:\d+:\d+\)|(?:bootstrap|hardening|node-env)\.js:\d+:\d+|<isolated-vm boundary>\)?)(?=\n|$)/g;

/** The text without the frames of the sandbox's own scripts (an action that logs `e.stack` shows its own frames only). */
export function withoutServiceFrames(text: string): string {
  return text.includes('.js:') || text.includes('<isolated-vm') ? text.replace(SERVICE_FRAME, '') : text;
}

function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = cutKeepingMarkers(text, max);
  return `${head}… [truncated ${text.length - head.length} chars]`;
}

/** The text's first `max` characters, a redaction marker the cut would split kept whole (the text is redacted already). */
export function cutKeepingMarkers(text: string, max: number): string {
  const head = text.slice(0, max);
  if (head.length === text.length) return head;
  const open = head.lastIndexOf('[', head.length - 1);
  if (open >= 0 && head.length - open < REDACTED.length && text.startsWith(REDACTED, open))
    return head.slice(0, open) + REDACTED;
  return head;
}

/** Each secret as it may appear: raw, and escaped inside JSON text when that differs. Longest first. */
function secretForms(secrets: Record<string, string>): string[] {
  const forms = new Set<string>();
  for (const v of Object.values(secrets)) {
    if (typeof v !== 'string' || v.length < MIN_REDACTED_LENGTH) continue;
    forms.add(v);
    const escaped = JSON.stringify(v).slice(1, -1);
    if (escaped !== v) forms.add(escaped);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A text cut right after its end may end with the first part of a secret: hide that part too. */
function redactCutTail(text: string, values: string[]): string {
  for (const v of values) {
    // the earliest start whose rest of the text begins the secret hides the longest part of it
    let i = Math.max(0, text.length - (v.length - 1));
    while ((i = text.indexOf(v[0], i)) !== -1 && text.length - i >= MIN_REDACTED_LENGTH) {
      if (v.startsWith(text.slice(i))) return text.slice(0, i) + REDACTED;
      i++;
    }
  }
  return text;
}
