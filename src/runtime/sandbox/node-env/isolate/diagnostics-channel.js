'use strict';
/** `diagnostics_channel`: channels that nobody outside the action can subscribe to. */
class Channel {
  constructor(name) {
    this.name = name;
    this._subs = [];
  }
  get hasSubscribers() {
    return this._subs.length > 0;
  }
  subscribe(fn) {
    this._subs.push(fn);
  }
  unsubscribe(fn) {
    const i = this._subs.indexOf(fn);
    if (i >= 0) this._subs.splice(i, 1);
    return i >= 0;
  }
  publish(message) {
    for (const fn of this._subs.slice()) fn(message, this.name);
  }
  bindStore() {}
  unbindStore() {}
  runStores(data, fn, thisArg, ...args) {
    return Reflect.apply(fn, thisArg, args);
  }
}
const channels = new Map();
const channel = (name) => {
  if (!channels.has(name)) channels.set(name, new Channel(name));
  return channels.get(name);
};
const tracingChannel = (name) => ({
  start: channel(name + ':start'),
  end: channel(name + ':end'),
  asyncStart: channel(name + ':asyncStart'),
  asyncEnd: channel(name + ':asyncEnd'),
  error: channel(name + ':error'),
  get hasSubscribers() {
    return false;
  },
  traceSync: (fn, ctx, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
  tracePromise: (fn, ctx, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
  traceCallback: (fn, pos, ctx, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
  subscribe() {},
  unsubscribe() {},
});
module.exports = {
  channel,
  hasSubscribers: (name) => channels.has(name) && channels.get(name).hasSubscribers,
  subscribe: (name, fn) => channel(name).subscribe(fn),
  unsubscribe: (name, fn) => channel(name).unsubscribe(fn),
  tracingChannel,
  Channel,
};
