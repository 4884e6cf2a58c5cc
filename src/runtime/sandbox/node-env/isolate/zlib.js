'use strict';
/** Node's `zlib` (browserify-zlib over pako): gzip, deflate and their streams, in the isolate. No brotli. */
const z = require('browserify-zlib');
module.exports = z;
