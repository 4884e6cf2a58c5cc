/**
 * What a trigger runs now, for the runtime: its bindings in order, each with the action's deployed version and that
 * version's decrypted secrets. Read from the read models (the runtime never touches events); a binding whose action
 * was deleted or has no deployed version is skipped.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActionsQueries } from '../actions/actions.queries';
import { SECRET_BOX, SecretBox } from '../secrets/secret-box';
import type { BoundVersionsSource, RunnableVersion } from '../runtime/runtime.ports';
import { BindingsQueries } from './bindings.queries';

@Injectable()
export class ReadModelBoundVersions implements BoundVersionsSource {
  constructor(
    private readonly bindings: BindingsQueries,
    private readonly actions: ActionsQueries,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async boundVersions(tenantId: string, triggerId: string): Promise<RunnableVersion[]> {
    return this.bindings.listBindings(tenantId, triggerId).flatMap((b): RunnableVersion[] => {
      const version = b.action.deployedVersion;
      if (!version) return [];
      const secrets = Object.fromEntries(
        version.content.secrets.map((s) => [s.name, this.box.decrypt(s.ciphertext, { tenantId, actionId: b.action.id, name: s.name })]),
      );
      return [{
        tenantId, triggerId, bindingId: b.id, actionId: b.action.id, actionName: b.action.doc.content.name,
        versionId: version.id, versionNumber: version.number, code: version.content.code,
        dependencies: version.resolvedDependencies, runtime: version.content.runtime, secrets,
      }];
    });
  }
}
