/** Small shared pieces: links inside the console, status badges, messages, a confirmation dialog. */
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import type { Action } from '../api/types';
import { statusLabel } from '../state/action-status';
import { href, navigate } from '../state/router';

export function Link(props: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a
      href={href(props.to)}
      onClick={onClick}
      className={props.className}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.children}
    </a>
  );
}

export function StatusBadge({ action }: { action: Pick<Action, 'status'> }) {
  return (
    <span className={`badge badge-${action.status}`} data-testid="build-status">
      {statusLabel(action)}
    </span>
  );
}

export function ErrorMessage({ error }: { error: Error | string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="message message-error">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}

/** A polite live region: what just happened ("Saved", "Version 2 deployed"). */
export function Notice({ text }: { text: string | undefined }) {
  return (
    <p role="status" aria-live="polite" className={text ? 'message message-info' : 'visually-hidden'}>
      {text ?? ''}
    </p>
  );
}

/** A modal confirmation (native <dialog>: focus is trapped and Escape cancels). */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={props.onCancel} className="dialog">
      <h2 id="confirm-title">{props.title}</h2>
      <div>{props.children}</div>
      <div className="actions-row">
        <button type="button" className="primary" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** A table's caption (for screen readers) and its column headers. */
export function TableHeader({ caption, columns }: { caption: string; columns: string[] }) {
  return (
    <>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}

/** The `api.*` calls an execution or a draft test made, each with the action that made it when known. */
export function CommandList({ commands }: { commands: { action_name?: string; name: string; args: unknown[] }[] }) {
  if (commands.length === 0) return <p className="help">No commands.</p>;
  return (
    <ol className="plain-list">
      {commands.map((c, i) => (
        <li key={i}>
          {c.action_name && <span className="help">{c.action_name}: </span>}
          <code>
            api.{c.name}({c.args.map((a) => JSON.stringify(a)).join(', ')})
          </code>
        </li>
      ))}
    </ol>
  );
}
