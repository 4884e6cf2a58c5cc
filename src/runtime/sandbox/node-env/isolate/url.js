'use strict';
/** Node's `url`: WHATWG URL / URLSearchParams (host-parsed, ./whatwg-url.js) and the legacy parse/format/resolve (the `url` package). */
const bridge = require('./bridge');
const whatwg = require('./whatwg-url');

const URL = whatwg.URL;
const URLSearchParams = whatwg.URLSearchParams;

function fileURLToPath(u) {
  const parsed = typeof u === 'string' ? new URL(u) : u;
  if (parsed.protocol !== 'file:') {
    const e = new TypeError('The URL must be of scheme file');
    e.code = 'ERR_INVALID_URL_SCHEME';
    throw e;
  }
  return decodeURIComponent(parsed.pathname);
}
function pathToFileURL(p) {
  return new URL('file://' + encodeURI(String(p)).replace(/[?#]/g, encodeURIComponent));
}
function domainToASCII(d) {
  return bridge.sync('url.domainToASCII', [String(d)]);
}
function domainToUnicode(d) {
  return bridge.sync('url.domainToUnicode', [String(d)]);
}
function urlToHttpOptions(u) {
  const o = {
    protocol: u.protocol,
    hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
    hash: u.hash,
    search: u.search,
    pathname: u.pathname,
    path: (u.pathname || '') + (u.search || ''),
    href: u.href,
  };
  if (u.port !== '') o.port = Number(u.port);
  if (u.username || u.password) o.auth = decodeURIComponent(u.username) + ':' + decodeURIComponent(u.password);
  return o;
}
function format(u, options) {
  if (u instanceof URL) {
    const o = Object.assign({ auth: true, fragment: true, search: true, unicode: false }, options);
    const c = new URL(u.href);
    if (!o.auth) {
      c.username = '';
      c.password = '';
    }
    if (!o.fragment) c.hash = '';
    if (!o.search) c.search = '';
    return c.href;
  }
  return require('url/').format(u);
}

module.exports = {
  URL,
  URLSearchParams,
  format,
  fileURLToPath,
  pathToFileURL,
  domainToASCII,
  domainToUnicode,
  urlToHttpOptions,
};
// The legacy API (the `url` package) loads on first use.
for (const name of ['parse', 'resolve', 'resolveObject', 'Url']) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    configurable: true,
    get: () => require('url/')[name],
  });
}
