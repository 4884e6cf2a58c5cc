/**
 * The build step's load check: runs a module's top level once in a throwaway isolate, with the same bootstrap as
 * the sandbox, and answers what is wrong with it (undefined = it compiles, loads without throwing within the time
 * bound, and exports the trigger's handler as a function).
 */
import ivm from 'isolated-vm';
import { BOOTSTRAP_SOURCE, wrapModule } from './bootstrap';

export async function checkModule(code: string, handler: string, memoryLimitMb: number, timeoutMs = 2000): Promise<string | undefined> {
  const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
  try {
    const context = await isolate.createContext();
    const ignore = new ivm.Callback(() => '{"value":null}');
    const factory = (await isolate.compileScriptSync(BOOTSTRAP_SOURCE).run(context, { reference: true })) as ivm.Reference;
    const parts = (await factory.apply(undefined, [ignore, ignore, '[]', 256], { result: { reference: true } })) as ivm.Reference;
    const script = await isolate.compileScript(wrapModule(code), { filename: 'action.js' });
    const moduleFunction = (await script.run(context, { reference: true, timeout: timeoutMs })) as ivm.Reference;
    const load = (await parts.get('load', { reference: true })) as ivm.Reference;
    await load.apply(undefined, [moduleFunction.derefInto()], { timeout: timeoutMs });
    const exportType = (await parts.get('exportType', { reference: true })) as ivm.Reference;
    const kind = (await exportType.apply(undefined, [handler], { timeout: timeoutMs })) as string;
    if (kind !== 'function') return `The code must export the handler "${handler}" (exports.${handler} = async (event, api) => { … }).`;
    return undefined;
  } catch (e) {
    const error = e as Partial<Error>;
    const message = String(error?.message ?? e);
    if (/timed out/i.test(message)) return `Loading the module did not finish within ${timeoutMs} ms.`;
    if (/memory limit/i.test(message)) return `Loading the module exceeded the sandbox memory limit of ${memoryLimitMb} MB.`;
    return `${String(error?.name ?? 'Error')}: ${message}`;
  } finally {
    isolate.dispose();
  }
}
