'use strict';
module.exports = require('assert/');
//# sourceMappingURL=assert.js.map