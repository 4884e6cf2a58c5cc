/**
 * Auth0 wire shapes (docs/api.md, "Wire shapes"). Zero values are left out where Auth0 leaves them out: no
 * `deployed_version` before the first deploy, no `built_at` before a build, no `deployed` when false.
 * Secret values never appear: only {name, updated_at} plus our `fingerprint`.
 */
import type { ActionContent } from '../actions.events';
import type { ActionView, VersionView } from '../actions.queries';
import type { VersionDoc } from '../projections/actions.projection';

function secretsOf(content: ActionContent) {
  return content.secrets.map((s) => ({ name: s.name, updated_at: s.updatedAt, fingerprint: s.fingerprint }));
}

function triggersOf(content: ActionContent) {
  return content.supportedTriggers.map((t) => ({ id: t.id, version: t.version }));
}

function dependenciesOf(content: ActionContent) {
  return content.dependencies.map((d) => ({
    name: d.name,
    version: d.version,
    ...(d.registry_url ? { registry_url: d.registry_url } : {}),
  }));
}

export function presentActionBase(view: ActionView) {
  return {
    id: view.id,
    name: view.doc.content.name,
    supported_triggers: triggersOf(view.doc.content),
    all_changes_deployed: view.doc.allChangesDeployed,
    created_at: view.doc.createdAt,
    updated_at: view.doc.updatedAt,
  };
}

export function presentVersion(doc: VersionDoc, deployed: boolean, action: ActionView) {
  return {
    id: doc.id,
    action_id: doc.actionId,
    code: doc.content.code,
    dependencies: doc.resolvedDependencies.map((d) => ({ name: d.name, version: d.version })),
    ...(deployed ? { deployed: true } : {}),
    runtime: doc.content.runtime,
    secrets: secretsOf(doc.content),
    status: 'built',
    number: doc.number,
    errors: [],
    action: presentActionBase(action),
    built_at: doc.builtAt,
    created_at: doc.createdAt,
    updated_at: doc.createdAt,
    supported_triggers: triggersOf(doc.content),
    ...(doc.rollbackOf ? { rollback_of: doc.rollbackOf } : {}),
  };
}

export function presentAction(view: ActionView) {
  const { doc } = view;
  return {
    ...presentActionBase(view),
    code: doc.content.code,
    dependencies: dependenciesOf(doc.content),
    runtime: doc.content.runtime,
    secrets: secretsOf(doc.content),
    ...(view.deployedVersion ? { deployed_version: presentVersion(view.deployedVersion, true, view) } : {}),
    status: doc.status,
    ...(doc.builtAt && doc.status === 'built' ? { built_at: doc.builtAt } : {}),
    ...(doc.errors?.length ? { errors: doc.errors } : {}),
    ...(doc.currentVersion
      ? {
          current_version: {
            id: doc.currentVersion.id,
            code: view.deployedVersion?.id === doc.currentVersion.id ? view.deployedVersion.content.code : undefined,
            runtime:
              view.deployedVersion?.id === doc.currentVersion.id ? view.deployedVersion.content.runtime : undefined,
            status: 'BUILT',
            number: doc.currentVersion.number,
            created_at: doc.currentVersion.createdAt,
            updated_at: doc.currentVersion.createdAt,
          },
        }
      : {}),
  };
}

export function presentVersionView(v: VersionView) {
  return presentVersion(v.doc, v.deployed, v.action);
}
