/**
 * A TCP proxy on 127.0.0.1 between the adapter and an EventStoreDB node (real or the protocol double), so a test
 * can cut the network: severAll() destroys every open connection, which the client sees as UNAVAILABLE on every
 * call in flight, subscriptions included. New connections are accepted as before.
 */
import * as net from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((inbound) => this.forward(inbound));
  private listeningPort = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    proxy.listeningPort = await new Promise<number>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve((proxy.server.address() as net.AddressInfo).port));
    });
    return proxy;
  }

  get port(): number {
    return this.listeningPort;
  }

  /** The same connection string, pointed at the proxy (single-host strings only). */
  static rewrite(connectionString: string, port: number): string {
    return connectionString.replace(
      /^(\w+:\/\/(?:[^@/]*@)?)[^/?,]+/,
      (_, scheme: string) => `${scheme}127.0.0.1:${port}`,
    );
  }

  /** host and port of a single-host esdb:// / kurrentdb:// connection string (2113 when no port is given). */
  static targetOf(connectionString: string): { host: string; port: number } {
    const match = /^\w+:\/\/(?:[^@/]*@)?([^/?,:]+)(?::(\d+))?(?:[/?]|$)/.exec(connectionString);
    if (!match) throw new Error(`not a single-host connection string: ${connectionString}`);
    return { host: match[1], port: match[2] ? Number(match[2]) : 2113 };
  }

  private forward(inbound: net.Socket): void {
    const outbound = net.connect(this.target.port, this.target.host);
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  }

  severAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.severAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
