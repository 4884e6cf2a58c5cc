/**
 * Slowloris and connection flooding (issue 9): the real HTTP server, driven with raw sockets, under short configured
 * timeouts. Clients that drip headers or a body, idle keep-alive connections and silent sockets are closed by the
 * deadlines; connections past HTTP_MAX_CONNECTIONS are closed at once, and the service keeps answering.
 */
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningService, startService } from '../support/service-harness';

interface Watched {
  socket: net.Socket;
  /** Resolves with the ms from connect to close, and everything the server sent. */
  closed: Promise<{ afterMs: number; received: string }>;
}

function connect(port: number): Promise<Watched> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const started = Date.now();
    socket.on('data', (d) => {
      received += d.toString('utf8');
    });
    socket.on('error', () => {
      /* a reset is a close too */
    });
    const closed = new Promise<{ afterMs: number; received: string }>((done) =>
      socket.on('close', () => done({ afterMs: Date.now() - started, received })),
    );
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function drip(socket: net.Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) return clearInterval(timer);
    socket.write(text[i++ % text.length]);
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

const portOf = (service: RunningService) => Number(new URL(service.baseUrl).port);

describe('HTTP deadlines against slow clients', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({
      env: {
        HTTP_HEADERS_TIMEOUT_MS: '600',
        HTTP_REQUEST_TIMEOUT_MS: '1200',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
        HTTP_IDLE_TIMEOUT_MS: '2000',
      },
    });
  });
  afterAll(() => service.stop());

  it('closes 30 connections dripping header bytes once the header deadline passes, answering 408 in the Auth0 body', async () => {
    const sockets = await Promise.all(Array.from({ length: 30 }, () => connect(portOf(service))));
    for (const { socket } of sockets)
      drip(socket, 'GET /health/live HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 100);
    const results = await Promise.all(sockets.map((s) => s.closed));
    for (const r of results) expect(r.afterMs).toBeLessThan(5000);
    const answered = results.find((r) => r.received.startsWith('HTTP/1.1 408'));
    expect(answered).toBeDefined();
    const body = JSON.parse(answered!.received.split('\r\n\r\n')[1]);
    expect(body).toEqual({
      statusCode: 408,
      error: 'Request Timeout',
      message: expect.any(String),
      errorCode: 'request_timeout',
    });
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
  });

  it('closes a connection dripping its body once the request deadline passes', async () => {
    const { socket, closed } = await connect(portOf(service));
    socket.write(
      'POST /api/v2/actions/actions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    );
    drip(socket, '{"name":"slow"', 100);
    expect((await closed).afterMs).toBeLessThan(5000);
  });

  it('closes a connection that sends nothing at all', async () => {
    const { closed } = await connect(portOf(service));
    expect((await closed).afterMs).toBeLessThan(5000);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { socket, closed } = await connect(portOf(service));
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const { afterMs, received } = await closed;
    expect(received).toMatch(/^HTTP\/1.1 200/);
    expect(afterMs).toBeLessThan(2000);
  });
});

describe('HTTP connection cap', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ env: { HTTP_MAX_CONNECTIONS: '5', HTTP_KEEP_ALIVE_TIMEOUT_MS: '100' } });
    await sleep(300); // the readiness probe's keep-alive connection has gone
  });
  afterAll(() => service.stop());

  it('closes connections past HTTP_MAX_CONNECTIONS at once and serves again when they go', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => connect(portOf(service))));
    await sleep(100);
    const extra = await connect(portOf(service));
    extra.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    const refused = await extra.closed;
    expect(refused.received).toBe('');
    expect(refused.afterMs).toBeLessThan(1000);
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    await sleep(100);
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
  });
});
