/**
 * The plain node:http server the HTTP bench's baselines run on (http-bare-server.ts, http-floor-server.ts): it reads
 * each request's body, hands it to `answer` and writes the JSON it returns; it listens on PORT and HOST from the
 * environment, says `<name> server listening` on stdout (the bench waits for that line) and closes on SIGTERM or
 * SIGINT. An answer returned synchronously is written in the same turn, so the bare baseline stays a bare server.
 */
import * as http from 'node:http';

export type JsonAnswer = [status: number, json: string];

export function serveJson(
  name: string,
  answer: (request: http.IncomingMessage, body: Buffer) => JsonAnswer | Promise<JsonAnswer>,
  onClose: () => void = () => undefined,
): void {
  const write = (res: http.ServerResponse, [status, json]: JsonAnswer) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = answer(req, Buffer.concat(chunks));
      if (answered instanceof Promise) void answered.then((a) => write(res, a));
      else write(res, answered);
    });
  });
  server.keepAliveTimeout = 72_000;
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ msg: `${name} server listening`, port: address.port })}\n`);
  });
  const stop = () =>
    server.close(() => {
      onClose();
      process.exit(0);
    });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
