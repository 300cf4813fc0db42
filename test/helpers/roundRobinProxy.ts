import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP load balancer for tests: each request goes to the next backend in turn. A backend that refuses the
 * connection, resets it before answering, or answers 503 while closing is skipped and the request is sent to the
 * next one, as a real balancer does when an instance is stopped (the request never reached the application, and the
 * test's writes carry idempotency keys anyway). Counts which backend answered what.
 */
export class RoundRobinProxy {
  private server?: http.Server;
  private next = 0;
  readonly answered: number[];
  port = 0;

  constructor(readonly backends: number[]) {
    this.answered = backends.map(() => 0);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => void this.forward(request, Buffer.concat(chunks), response, 0));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse, attempt: number): void {
    if (attempt >= this.backends.length * 2) {
      response.writeHead(502).end('no backend answered');
      return;
    }
    const index = this.next++ % this.backends.length;
    const retry = () => this.forward(request, body, response, attempt + 1);
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: this.backends[index],
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: `127.0.0.1:${this.port}`, 'x-forwarded-for': '127.0.0.1' },
        agent: false,
      },
      (answer) => {
        // Fastify's answer while an instance closes: the request was not handled, another instance may take it.
        if (answer.statusCode === 503 && answer.headers.connection === 'close') {
          answer.resume();
          return retry();
        }
        this.answered[index]!++;
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) retry();
      else response.destroy();
    });
    upstream.end(body);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
