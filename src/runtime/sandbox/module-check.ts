/**
 * The build step's load check: runs a module's top level once, in a fresh context with the same bootstrap as the
 * sandbox, and answers what is wrong with it (undefined = it compiles, loads without throwing within the time
 * bound, and exports the trigger's handler as a function).
 *
 * Checks run in an isolate of the code's own tenant, kept warm between builds (a new isolate costs a few
 * milliseconds, most of a create or update): no tenant's code ever shares an isolate with another's, so one
 * tenant's endless or memory-hungry top level cannot delay or fail another tenant's build. An isolate whose check
 * hit the time or memory limit is disposed; the next check of that tenant gets a fresh one.
 */
import ivm from 'isolated-vm';
import { LruMap } from '../lru-map';
import { BOOTSTRAP_SOURCE, wrapModule } from './bootstrap';

const CHECK_TIMEOUT_MS = 2000;
const WARM_TENANTS = 64;

interface CheckIsolate {
  isolate: ivm.Isolate;
  bootstrap: ivm.Script;
}

export class ModuleChecker {
  private readonly isolates = new LruMap<string, CheckIsolate>(WARM_TENANTS, (evicted) => dispose(evicted));

  constructor(private readonly memoryLimitMb: number, private readonly timeoutMs = CHECK_TIMEOUT_MS) {}

  async check(tenantId: string, code: string, handler: string, retried = false): Promise<string | undefined> {
    const owned = this.isolateOf(tenantId);
    let context: ivm.Context | undefined;
    try {
      context = await owned.isolate.createContext();
      const ignore = new ivm.Callback(() => '{"value":null}');
      const factory = (await owned.bootstrap.run(context, { reference: true })) as ivm.Reference;
      const parts = (await factory.apply(undefined, [ignore, ignore, '[]', 256], { result: { reference: true } })) as ivm.Reference;
      const script = await owned.isolate.compileScript(wrapModule(code), { filename: 'action.js' });
      const moduleFunction = (await script.run(context, { reference: true, timeout: this.timeoutMs })) as ivm.Reference;
      const load = (await parts.get('load', { reference: true })) as ivm.Reference;
      await load.apply(undefined, [moduleFunction.derefInto()], { timeout: this.timeoutMs });
      const exportType = (await parts.get('exportType', { reference: true })) as ivm.Reference;
      const kind = (await exportType.apply(undefined, [handler], { timeout: this.timeoutMs })) as string;
      script.release();
      if (kind !== 'function') return `The code must export the handler "${handler}" (exports.${handler} = async (event, api) => { … }).`;
      return undefined;
    } catch (e) {
      const error = e as Partial<Error>;
      const message = String(error?.message ?? e);
      // Another check of this tenant hit a limit and disposed the isolate under this one: run again in a fresh one.
      if (/disposed/i.test(message) && !/memory limit/i.test(message) && !retried) return this.check(tenantId, code, handler, true);
      const limit = /timed out/i.test(message) ? `Loading the module did not finish within ${this.timeoutMs} ms.`
        : /memory limit|disposed/i.test(message) ? `Loading the module exceeded the sandbox memory limit of ${this.memoryLimitMb} MB.`
          : undefined;
      if (limit) this.discard(tenantId, owned);
      return limit ?? `${String(error?.name ?? 'Error')}: ${message}`;
    } finally {
      if (context && !owned.isolate.isDisposed) context.release();
    }
  }

  dispose(): void {
    for (const owned of this.isolates.values()) dispose(owned);
    this.isolates.clear();
  }

  private isolateOf(tenantId: string): CheckIsolate {
    const known = this.isolates.get(tenantId);
    if (known && !known.isolate.isDisposed) return known;
    const isolate = new ivm.Isolate({ memoryLimit: this.memoryLimitMb });
    const owned = { isolate, bootstrap: isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' }) };
    this.isolates.set(tenantId, owned);
    return owned;
  }

  private discard(tenantId: string, owned: CheckIsolate): void {
    if (this.isolates.get(tenantId) === owned) this.isolates.delete(tenantId);
    dispose(owned);
  }
}

function dispose(owned: CheckIsolate): void {
  if (!owned.isolate.isDisposed) owned.isolate.dispose();
}
