/**
 * Issue 9, sandbox memory: nothing an action does may grow the process past its isolate's cap. WebAssembly
 * memories, resizable/growable buffers and retained Intl objects all live outside the V8 heap that isolated-vm
 * caps; each is run several times, kept by the action between runs, and the process's RSS must stay bounded while
 * the action gets a clear error (docs/security.md, "Sandbox").
 */
import { handler, runtimeFixture } from '../runtime/runtime-fixture';

const MB = 1024 * 1024;
/** Growth allowed over a hostile series: a few isolates' worth, nowhere near the gigabytes each case reached before. */
const RSS_GROWTH_MAX = 300 * MB;

describe('sandbox memory stays within the cap', () => {
  const f = runtimeFixture({ SANDBOX_MEMORY_MB: '32', EXECUTION_TIMEOUT_MS: '5000' });
  afterAll(() => f.close());

  async function runKept(tenant: string, body: string, times = 3) {
    f.bind(tenant, 'post-login', [{ name: 'hoarder', code: `const kept = [];\n${handler(body)}` }]);
    const before = process.memoryUsage().rss;
    const records = [];
    for (let i = 0; i < times; i++) records.push(await f.executor.execute(tenant, 'post-login', {}));
    const growth = process.memoryUsage().rss - before;
    return { records, growth, before };
  }

  it('WebAssembly is not reachable: 1 GB memories, touched and kept, leave RSS bounded and fail clearly', async () => {
    const { records, growth, before } = await runKept(
      'wasm',
      `
      const memory = new WebAssembly.Memory({ initial: 16384 });
      new Uint8Array(memory.buffer).fill(1);
      kept.push(memory);`,
    );
    console.info(`WebAssembly series: RSS ${Math.round(before / MB)} MB -> ${Math.round((before + growth) / MB)} MB`);
    expect(growth).toBeLessThan(RSS_GROWTH_MAX);
    for (const r of records) {
      expect(r.status).toBe('partial');
      expect(r.results[0].error?.msg).toBe('ReferenceError: WebAssembly is not defined');
    }
  });

  it('no other path in the context reaches WebAssembly (global names, Function, indirect eval)', async () => {
    f.bind('wasm-probe', 'post-login', [
      {
        name: 'probe',
        code: handler(`
      const found = [];
      if ('WebAssembly' in globalThis) found.push('global');
      if (Object.getOwnPropertyNames(globalThis).some((n) => /wasm|webassembly/i.test(n))) found.push('own name');
      try { if (Function('return typeof WebAssembly')() !== 'undefined') found.push('Function'); } catch (e) { /* none */ }
      try { if (typeof (0, eval)('WebAssembly') !== 'undefined') found.push('eval'); } catch (e) { /* ReferenceError */ }
      api.idToken.setCustomClaim('found', found.join(','));`),
      },
    ]);
    const r = await f.executor.execute('wasm-probe', 'post-login', {});
    expect(r.status).toBe('final');
    expect(r.commands[0].args).toEqual(['found', '']);
  });

  it('resizable ArrayBuffers and growable SharedArrayBuffers are refused by every constructor path', async () => {
    const paths = [
      'new ArrayBuffer(0, { maxByteLength: 1e9 })',
      'new SharedArrayBuffer(0, { maxByteLength: 1e9 })',
      'new (new ArrayBuffer(1).constructor)(1e9, { maxByteLength: 1e9 })',
      'Reflect.construct(ArrayBuffer, [1e9, { maxByteLength: 1e9 }])',
      'new (class extends ArrayBuffer {})(1e9, { maxByteLength: 1e9 })',
      'new (Object.getPrototypeOf(new Uint8Array(1).buffer).constructor)(1e9, { maxByteLength: 1e9 })',
    ];
    const { records, growth } = await runKept(
      'rab',
      `
      const outcomes = [];
      for (const make of [${paths.map((p) => `() => ${p}`).join(', ')}]) {
        try { const b = make(); if (b.resize) b.resize(1e9); if (b.grow) b.grow(1e9); new Uint8Array(b).fill(1); kept.push(b); outcomes.push('allocated ' + b.byteLength); }
        catch (e) { outcomes.push(e.name + ': ' + e.message); }
      }
      api.idToken.setCustomClaim('outcomes', outcomes);
      const fixed = new ArrayBuffer(1024); new Uint8Array(fixed).fill(7);
      api.idToken.setCustomClaim('fixed', fixed.byteLength + '/' + (fixed instanceof ArrayBuffer) + '/' + fixed.resizable);`,
    );
    expect(growth).toBeLessThan(RSS_GROWTH_MAX);
    for (const r of records) {
      expect(r.status).toBe('final');
      const outcomes = r.commands[0].args[1] as string[];
      expect(outcomes).toHaveLength(paths.length);
      for (const o of outcomes)
        expect(o).toMatch(
          /^RangeError: (Array|SharedArray)Buffer: resizable buffers \(maxByteLength\) are not available in this sandbox$/,
        );
      expect(r.commands[1].args).toEqual(['fixed', '1024/true/false']);
    }
  });

  it('retained Intl objects are bounded per context (each DateTimeFormat holds ~28 kB of native ICU data)', async () => {
    const { records, growth } = await runKept(
      'intl',
      `
      let made = 0;
      try { for (let i = 0; i < 100000; i++) { kept.push(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric' })); made++; } }
      catch (e) { api.idToken.setCustomClaim('stopped', made + ' ' + e.name + ': ' + e.message); }`,
      4,
    );
    expect(growth).toBeLessThan(RSS_GROWTH_MAX);
    for (const r of records) {
      expect(r.status).toBe('final');
      expect(r.commands[0].args[1]).toMatch(
        /^\d+ RangeError: Intl: at most 1024 Intl objects may be created in one sandbox context$/,
      );
    }
    // ordinary Intl use keeps working, warm run after warm run
    f.bind('intl-ok', 'post-login', [
      {
        name: 'fmt',
        code: handler(`
      const s = new Intl.NumberFormat('de-DE').format(1234.5) + ' ' + new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric' }).format(0)
        + ' ' + [...new Intl.Segmenter('en', { granularity: 'word' }).segment('a b')].length + ' ' + (new Intl.Collator('de') instanceof Intl.Collator);
      api.idToken.setCustomClaim('s', s);`),
      },
    ]);
    for (let i = 0; i < 150; i++) {
      const r = await f.executor.execute('intl-ok', 'post-login', {});
      expect(r.commands[0].args).toEqual(['s', '1.234,5 1970 3 true']);
    }
  });

  it('every Intl constructor and segmenter path is counted, Intl.v8BreakIterator included', async () => {
    const makers = [
      "new Intl.v8BreakIterator('en')",
      "Intl.Collator('de')",
      "new Intl.Segmenter('en').segment('a b')",
      "new Intl.Segmenter('en').segment('a b')[Symbol.iterator]()",
      "new (new Intl.NumberFormat().constructor)('de')",
      "Reflect.construct(Intl.PluralRules, ['en'])",
    ];
    for (const make of makers) {
      const { records } = await runKept(
        'intl-paths',
        `
        try { for (let i = 0; i < 3000; i++) kept.push(${make}); api.idToken.setCustomClaim('stopped', 'never'); }
        catch (e) { api.idToken.setCustomClaim('stopped', e.name + ': ' + e.message); }`,
        1,
      );
      expect(records[0].commands[0].args[1]).toBe(
        'RangeError: Intl: at most 1024 Intl objects may be created in one sandbox context',
      );
    }
  });

  it("the build's load check runs hardened too: WebAssembly at the top level fails the build, RSS stays bounded", async () => {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 3; i++) {
      const result = await f.builder.build({
        tenantId: 'wasm',
        triggerId: 'post-login',
        dependencies: [],
        code: `const m = new WebAssembly.Memory({ initial: 16384 }); new Uint8Array(m.buffer).fill(1); globalThis.kept = m;\n${handler('')}`,
      });
      expect(result).toEqual({
        status: 'failed',
        errors: [{ id: 'compilation_failed', msg: 'ReferenceError: WebAssembly is not defined' }],
      });
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(RSS_GROWTH_MAX);
  });
});
