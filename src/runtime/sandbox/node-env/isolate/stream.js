'use strict';
/** Node's `stream` (readable-stream 3) with `stream/promises`, Readable.from, addAbortSignal, the web ReadableStream. */
const rs = require('readable-stream');

const Stream = rs.Stream || rs;
const promises = {
  pipeline: (...streams) =>
    new Promise((resolve, reject) => {
      const last = streams[streams.length - 1];
      const options =
        last && typeof last === 'object' && !last.pipe && !last.write && !last[Symbol.asyncIterator]
          ? streams.pop()
          : undefined;
      void options;
      rs.pipeline(...streams, (err) => (err ? reject(err) : resolve()));
    }),
  finished: (stream, options) =>
    new Promise((resolve, reject) => rs.finished(stream, options || {}, (err) => (err ? reject(err) : resolve()))),
};

function addAbortSignal(signal, stream) {
  const onAbort = () =>
    stream.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return stream;
}

/** Readable.from (readable-stream's browser build leaves it out). */
function from(iterable, opts) {
  if (typeof iterable === 'string' || (iterable && typeof iterable === 'object' && ArrayBuffer.isView(iterable))) {
    return new rs.Readable(
      Object.assign({ objectMode: true }, opts, {
        read() {
          this.push(iterable);
          this.push(null);
        },
      }),
    );
  }
  const iterator =
    iterable && typeof iterable[Symbol.asyncIterator] === 'function'
      ? iterable[Symbol.asyncIterator]()
      : iterable && typeof iterable[Symbol.iterator] === 'function'
        ? iterable[Symbol.iterator]()
        : null;
  if (!iterator) {
    const e = new TypeError('The "iterable" argument must be an instance of Iterable.');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  let reading = false;
  const readable = new rs.Readable(
    Object.assign({ objectMode: true, highWaterMark: 1 }, opts, {
      read() {
        if (!reading) {
          reading = true;
          next();
        }
      },
      destroy(error, callback) {
        Promise.resolve(typeof iterator.return === 'function' ? iterator.return() : undefined).then(
          () => callback(error),
          callback,
        );
      },
    }),
  );
  async function next() {
    for (;;) {
      try {
        const { value, done } = await iterator.next();
        if (done) {
          readable.push(null);
          return;
        }
        if (!readable.push(await value)) {
          reading = false;
          return;
        }
      } catch (e) {
        readable.destroy(e);
        return;
      }
    }
  }
  return readable;
}
rs.Readable.from = from;

const isReadable = (s) => !!(s && typeof s.read === 'function' && !s.destroyed && s.readable !== false);

module.exports = rs;
module.exports.Stream = Stream;
module.exports.promises = promises;
module.exports.addAbortSignal = addAbortSignal;
module.exports.isReadable = isReadable;
module.exports.isErrored = (s) => !!(s && s._readableState && s._readableState.errored);
module.exports.isDisturbed = (s) =>
  !!(s && s._readableState && (s._readableState.dataEmitted || s._readableState.ended));
module.exports.getDefaultHighWaterMark = (objectMode) => (objectMode ? 16 : 16384);
module.exports.setDefaultHighWaterMark = () => undefined;
Object.defineProperty(module.exports, 'web', { get: () => require('./web-streams'), enumerable: false });
