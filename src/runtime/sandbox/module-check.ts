/**
 * The build step's load check: runs a module's top level once, in a fresh context with the same bootstrap as the
 * sandbox, and answers what is wrong with it (undefined = it compiles, loads without throwing within the time
 * bound, and exports the trigger's handler as a function).
 *
 * Checks run in an isolate of the code's own tenant, kept warm between builds (a new isolate costs a few
 * milliseconds, most of a create or update) in an IsolatePool of their own, apart from the isolates that run live
 * executions: no tenant's code ever shares an isolate with another's, so one tenant's endless or memory-hungry top
 * level cannot delay or fail another tenant's build, nor its live executions. An isolate whose check hit the time
 * or memory limit is disposed; the next check of that tenant gets a fresh one.
 */
import ivm from 'isolated-vm';
import { WRAPPER_LINES, wrapModule } from './bootstrap';
import { IsolateLostError, QuarantinedError } from './isolate-loss';
import { IsolatePool, limitHit } from './isolate-pool';
import { installNodeEnv } from './node-env/host-bridge';

const CHECK_TIMEOUT_MS = 2000;
/** Tenants whose check isolate is kept warm (least recently used beyond that are disposed). */
const WARM_TENANTS = 64;

export class ModuleChecker {
  private readonly pool: IsolatePool;

  constructor(
    private readonly memoryLimitMb: number,
    private readonly timeoutMs = CHECK_TIMEOUT_MS,
  ) {
    // Checks never keep contexts or compiled scripts: only the isolates themselves are pooled.
    this.pool = new IsolatePool({
      memoryLimitMb,
      maxIsolates: WARM_TENANTS,
      idleContextsPerIsolate: 0,
      idleContextsPerVersion: 0,
      scriptsPerIsolate: 0,
    });
  }

  async check(tenantId: string, code: string, handler: string, retried = false): Promise<string | undefined> {
    let owned;
    try {
      owned = this.pool.acquire(tenantId);
    } catch (e) {
      if (e instanceof QuarantinedError) return e.message;
      throw e;
    }
    owned.busy++;
    let context: ivm.Context | undefined;
    try {
      const isolate = owned;
      const load = async (): Promise<string> => {
        context = await isolate.boot.newContext();
        const ignore = new ivm.Callback(() => '{"value":null}');
        // The Node environment as in the sandbox, with no execution: timers and requests started at load never complete.
        const node = await installNodeEnv(isolate.boot.nodeEnv, context, () => undefined, this.timeoutMs);
        node.settle.release();
        const factory = (await isolate.boot.bootstrap.run(context, { reference: true })) as ivm.Reference;
        const parts = (await factory.apply(undefined, [ignore, ignore, '[]', 256, node.env.derefInto()], {
          result: { reference: true },
        })) as ivm.Reference;
        node.env.release();
        const script = await isolate.isolate.compileScript(wrapModule(code), {
          filename: 'action.js',
          lineOffset: WRAPPER_LINES,
        });
        const moduleFunction = (await script.run(context, {
          reference: true,
          timeout: this.timeoutMs,
        })) as ivm.Reference;
        const loader = (await parts.get('load', { reference: true })) as ivm.Reference;
        await loader.apply(undefined, [moduleFunction.derefInto()], { timeout: this.timeoutMs });
        const exportType = (await parts.get('exportType', { reference: true })) as ivm.Reference;
        const kind = (await exportType.apply(undefined, [handler], { timeout: this.timeoutMs })) as string;
        script.release();
        return kind;
      };
      // a lost isolate (isolate-loss.ts) never settles its calls: the guard ends the check at once instead
      const kind = await owned.guard(load());
      if (kind !== 'function')
        return `The code must export the handler "${handler}" (exports.${handler} = async (event, api) => { … }).`;
      return undefined;
    } catch (e) {
      const error = e as Partial<Error>;
      const message = String(error?.message ?? e);
      const limit = e instanceof IsolateLostError ? 'memory' : limitHit(e);
      // Another check of this tenant hit a limit and disposed the isolate under this one: run again in a fresh one.
      if (!limit && owned.disposed && !retried) return this.check(tenantId, code, handler, true);
      if (limit || owned.disposed) this.pool.discard(tenantId, owned);
      if (limit === 'timeout') return `Loading the module did not finish within ${this.timeoutMs} ms.`;
      if (limit === 'memory' || owned.disposed)
        return `Loading the module exceeded the sandbox memory limit of ${this.memoryLimitMb} MB.`;
      return `${String(error?.name ?? 'Error')}: ${message}`;
    } finally {
      owned.busy--;
      if (context && !owned.disposed && !owned.lost) (context as ivm.Context).release();
    }
  }

  dispose(): void {
    this.pool.dispose();
  }
}
