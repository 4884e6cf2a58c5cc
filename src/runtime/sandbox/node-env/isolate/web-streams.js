'use strict';
/**
 * A small ReadableStream (enough for `response.body`: getReader, async iteration, tee, cancel, pipeTo into a
 * WritableStream-like sink); not a full WHATWG streams implementation.
 */
class ReadableStreamDefaultReader {
  constructor(stream) {
    this._stream = stream;
    stream._locked = true;
  }
  async read() {
    const s = this._stream;
    if (s._chunks.length) return { value: s._chunks.shift(), done: false };
    if (s._pull) {
      const r = await s._pull();
      if (r !== undefined) return { value: r, done: false };
    }
    return { value: undefined, done: true };
  }
  releaseLock() {
    this._stream._locked = false;
  }
  async cancel() {
    this._stream._chunks = [];
    this._stream._pull = undefined;
  }
  get closed() {
    return Promise.resolve();
  }
}

class ReadableStream {
  constructor(source = {}) {
    this._chunks = [];
    this._locked = false;
    this._closed = false;
    const controller = {
      enqueue: (c) => this._chunks.push(c),
      close: () => {
        this._closed = true;
      },
      error: (e) => {
        this._error = e;
      },
      desiredSize: 1,
    };
    if (source.start) source.start(controller);
    if (source.pull)
      this._pull = async () => {
        if (this._closed) return undefined;
        await source.pull(controller);
        return this._chunks.shift();
      };
  }
  static _of(bytes) {
    const s = new ReadableStream();
    if (bytes.length) s._chunks.push(bytes);
    return s;
  }
  get locked() {
    return this._locked;
  }
  getReader() {
    if (this._locked) throw new TypeError('ReadableStream is locked');
    return new ReadableStreamDefaultReader(this);
  }
  async cancel() {
    this._chunks = [];
  }
  tee() {
    const a = new ReadableStream();
    const b = new ReadableStream();
    a._chunks = this._chunks.slice();
    b._chunks = this._chunks.slice();
    this._locked = true;
    return [a, b];
  }
  async pipeTo(dest) {
    const w = dest.getWriter ? dest.getWriter() : dest;
    for await (const c of this) await w.write(c);
    if (w.close) await w.close();
  }
  async *[Symbol.asyncIterator]() {
    const r = this.getReader();
    for (;;) {
      const { value, done } = await r.read();
      if (done) return;
      yield value;
    }
  }
  values() {
    return this[Symbol.asyncIterator]();
  }
}

module.exports = { ReadableStream, ReadableStreamDefaultReader };
