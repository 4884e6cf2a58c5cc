/**
 * Names both sides of the host bridge agree on: the isolate builds its URL and zlib surfaces from these lists, and the
 * host (host-bridge.ts) answers only for names on them (docs/runtime.md, "Built-in modules").
 */

/** The fields of a parsed URL the host sends back to the isolate. */
exports.URL_FIELDS = /** @type {const} */ ([
  'href',
  'origin',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
]);

/** The one-shot zlib functions the host runs for the isolate (each also as `<name>Sync`). */
exports.ZLIB_ONE_SHOT = /** @type {const} */ ([
  'gzip',
  'gunzip',
  'deflate',
  'inflate',
  'deflateRaw',
  'inflateRaw',
  'unzip',
  'brotliCompress',
  'brotliDecompress',
]);
