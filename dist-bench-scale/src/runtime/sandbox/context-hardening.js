"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.INTL_HARD_MAX = exports.INTL_SOFT_MAX = exports.HARDENING_SOURCE = void 0;
/**
 * Source run in every new sandbox context before anything else (before the bootstrap and the action's module, in
 * live runs and in the build's load checks alike). It takes away what would let one tenant's code grow the host
 * process's memory past the isolate's cap, since isolated-vm only counts the V8 heap and ArrayBuffers allocated
 * through its own allocator (docs/security.md, "Sandbox"):
 * - `WebAssembly` is deleted: a WebAssembly.Memory is reserved and committed by V8 outside that allocator (three
 *   1 GB memories, touched and kept, took the process past 3 GB under a 32 MB cap). It is reachable only through
 *   the global, so once deleted no code of the context can get at it again.
 * - Resizable ArrayBuffers and growable SharedArrayBuffers (`maxByteLength`) are refused for the same reason
 *   (their pages are committed outside the allocator too); fixed-size buffers work as before and count in the cap.
 *   The constructors are wrapped in proxies that never forward the options, and the prototypes' `constructor`
 *   points at the wrappers, so no path in the context reaches the original constructors with options.
 * - Intl objects hold ICU data on the native heap (a DateTimeFormat costs ~28 kB there, ~100 bytes in V8's heap):
 *   creations (constructors, Segmenter#segment, segment iterators) are counted per context. Past `softMax` the host
 *   is told once (it retires the context after the run instead of keeping it warm); past `hardMax` creating one
 *   throws a RangeError.
 * Everything the wrappers use is captured here, so code that later replaces Reflect.construct & co cannot change
 * them.
 */
exports.HARDENING_SOURCE = `
(function harden(onIntlSoftLimit, softMax, hardMax) {
  'use strict';
  const construct = Reflect.construct;
  const apply = Reflect.apply;
  const ProxyType = Proxy;
  const RangeErrorType = RangeError;
  const defineProperty = Object.defineProperty;
  const getPrototypeOf = Object.getPrototypeOf;
  const iteratorSymbol = Symbol.iterator;
  const hidden = (object, name, value) => defineProperty(object, name, { value, writable: true, configurable: true, enumerable: false });

  delete globalThis.WebAssembly;

  const fixedLengthOnly = (name) => {
    const original = globalThis[name];
    if (typeof original !== 'function') return;
    const wrapped = new ProxyType(original, {
      construct(target, args, newTarget) {
        const options = args[1];
        if ((typeof options === 'object' && options !== null) || typeof options === 'function') {
          if (options.maxByteLength !== undefined) throw new RangeErrorType(name + ': resizable buffers (maxByteLength) are not available in this sandbox');
        }
        return construct(target, [args[0]], newTarget);
      },
    });
    hidden(original.prototype, 'constructor', wrapped);
    hidden(globalThis, name, wrapped);
  };
  fixedLengthOnly('ArrayBuffer');
  fixedLengthOnly('SharedArrayBuffer');

  let created = 0;
  const count = () => {
    created++;
    if (created === softMax) onIntlSoftLimit();
    if (created > hardMax) throw new RangeErrorType('Intl: at most ' + hardMax + ' Intl objects may be created in one sandbox context');
  };
  const counted = (fn) => function () { count(); return apply(fn, this, arguments); };
  const intl = globalThis.Intl;
  if (typeof intl === 'object' && intl !== null) {
    for (const name of ['Collator', 'DateTimeFormat', 'DisplayNames', 'DurationFormat', 'ListFormat', 'Locale', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat', 'Segmenter', 'v8BreakIterator']) {
      const original = intl[name];
      if (typeof original !== 'function') continue;
      const wrapped = new ProxyType(original, {
        construct(target, args, newTarget) { count(); return construct(target, args, newTarget); },
        apply(target, self, args) { count(); return apply(target, self, args); },
      });
      hidden(original.prototype, 'constructor', wrapped);
      hidden(intl, name, wrapped);
    }
    const Segmenter = intl.Segmenter;
    if (typeof Segmenter === 'function') {
      const segmentsPrototype = getPrototypeOf(new Segmenter('en').segment(''));
      hidden(Segmenter.prototype, 'segment', counted(Segmenter.prototype.segment));
      hidden(segmentsPrototype, iteratorSymbol, counted(segmentsPrototype[iteratorSymbol]));
      created = 0;
    }
  }
})`;
/** Intl creations after which a context is retired at the end of its run (not kept warm). */
exports.INTL_SOFT_MAX = 64;
/** Intl creations past which creating one more throws a RangeError in the context. */
exports.INTL_HARD_MAX = 1024;
//# sourceMappingURL=context-hardening.js.map