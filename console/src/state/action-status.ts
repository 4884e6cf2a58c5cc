/** The draft's build status as the editor shows it, and when to look again (docs/api.md, "Rules": builds). */
import type { Action } from '../api/types';

/** The editor polls the action while its draft is being built; 'built' and 'failed' are final. */
export function isBuilding(action: Pick<Action, 'status'> | undefined): boolean {
  return action?.status === 'pending';
}

/** Deploy is possible once the draft built and holds changes no version has yet. */
export function canDeploy(action: Pick<Action, 'status' | 'all_changes_deployed'> | undefined): boolean {
  return action?.status === 'built' && action.all_changes_deployed !== true;
}

export function statusLabel(action: Pick<Action, 'status'>): string {
  return { pending: 'Building…', built: 'Built', failed: 'Build failed' }[action.status] ?? action.status;
}

/** The label of the version that runs, or "not deployed". */
export function deployedLabel(action: Pick<Action, 'deployed_version'>): string {
  return action.deployed_version ? `v${action.deployed_version.number}` : 'not deployed';
}

/**
 * The `secrets` array a PATCH sends (arrays replace): saved secrets kept by name alone (the service keeps their
 * values), new or replaced ones with their value, removed ones left out; undefined when nothing changed.
 */
export function secretsPatch(
  edits: { name: string; value: string }[],
  removed: string[],
  saved: { name: string }[],
): { name: string; value?: string }[] | undefined {
  if (edits.length === 0 && removed.length === 0) return undefined;
  const edited = new Map(edits.map((e) => [e.name, e.value]));
  const kept = saved
    .filter((s) => !removed.includes(s.name) && !edited.has(s.name))
    .map((s) => ({ name: s.name }) as { name: string; value?: string });
  return [...kept, ...edits.filter((e) => !removed.includes(e.name))];
}
