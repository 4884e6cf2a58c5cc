'use strict';
/** Node's `util`: the `util` package (promisify, inspect, format, inherits, deprecate, types, …) plus Node 20 additions. */
const base = require('util/');
const { TextEncoder, TextDecoder } = require('./text');

const types = Object.assign({}, base.types, {
  isKeyObject: (v) => {
    const c = require('./crypto');
    return v instanceof c.KeyObject;
  },
  isCryptoKey: (v) => {
    const c = require('./crypto');
    return v instanceof c.CryptoKey;
  },
  isExternal: () => false,
  isProxy: () => false,
  isModuleNamespaceObject: () => false,
});

function isDeepStrictEqual(a, b) {
  try {
    require('./assert').deepStrictEqual(a, b);
    return true;
  } catch (e) {
    return false;
  }
}

function parseEnv() {
  return {};
}
function stripVTControlCharacters(s) {
  // eslint-disable-next-line no-control-regex -- the escape character is what this function strips
  return String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
function toUSVString(s) {
  return String(s).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
function aborted(signal) {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}
function getSystemErrorName(code) {
  return 'E' + String(-code);
}
const styleText = (format, text) => String(text);

module.exports = Object.assign({}, base, {
  types,
  TextEncoder,
  TextDecoder,
  isDeepStrictEqual,
  parseEnv,
  stripVTControlCharacters,
  toUSVString,
  aborted,
  getSystemErrorName,
  styleText,
  isArray: Array.isArray,
});
module.exports.promisify = base.promisify;
