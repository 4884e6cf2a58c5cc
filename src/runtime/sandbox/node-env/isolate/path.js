'use strict';
const p = require('path-browserify');
const posix = Object.assign({}, p);
posix.posix = posix;
posix.win32 = new Proxy(
  {},
  {
    get: (_, k) => {
      if (k === 'sep') return '\\';
      throw new Error('path.win32 is not available in actions');
    },
  },
);
posix.toNamespacedPath = (x) => x;
posix.matchesGlob = () => {
  throw new Error('path.matchesGlob is not available in actions');
};
module.exports = posix;
