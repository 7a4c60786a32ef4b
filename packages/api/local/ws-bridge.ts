import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { WebSocketServer } from 'ws';

export interface WsBridge {
  /** What the Worker's `NEON_WS_PROXY` must be: `host:port/path`, no scheme. */
  proxy: string;
  port: number;
  /** Connections currently piped (tests use it to prove pools are closed). */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * A WebSocket-to-TCP bridge, the local stand-in for Neon's proxy: the Neon driver
 * opens `ws://127.0.0.1:<port>/v1?address=host:port` and speaks the Postgres wire
 * protocol over it; we pipe the bytes to the real Postgres. Only the one configured
 * Postgres address may be reached, so the bridge is no open relay.
 */
export async function startWsBridge(options: {
  port: number;
  target: { host: string; port: number };
}): Promise<WsBridge> {
  const http: Server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
  });
  const wss = new WebSocketServer({ server: http, path: '/v1' });
  let open = 0;

  wss.on('connection', (socket, request) => {
    const address = new URL(request.url ?? '/', 'http://bridge').searchParams.get('address');
    if (!isAllowedTarget(address, options.target)) {
      socket.close(1008, 'address not allowed');
      return;
    }
    open++;
    const tcp = connect({ host: options.target.host, port: options.target.port });
    tcp.setNoDelay(true);
    let closed = false;
    const closeBoth = () => {
      if (closed) return;
      closed = true;
      open--;
      tcp.destroy();
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
        socket.close();
      }
    };
    // Frames may arrive before the TCP connection is up; net.Socket buffers writes.
    socket.on('message', (data) => {
      tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    tcp.on('data', (chunk) => {
      if (socket.readyState === socket.OPEN) socket.send(chunk, { binary: true });
    });
    socket.on('close', closeBoth);
    socket.on('error', closeBoth);
    tcp.on('close', closeBoth);
    tcp.on('error', closeBoth);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });

  return {
    proxy: `127.0.0.1:${options.port}/v1`,
    port: options.port,
    openConnections: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function isAllowedTarget(address: string | null, target: { host: string; port: number }): boolean {
  if (!address) return false;
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1) || '5432');
  const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
  const sameHost = host === target.host || (loopback.has(host) && loopback.has(target.host));
  return sameHost && port === target.port;
}
