import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ServerConnection } from './pg-server-connection.ts';
import { SessionPool, type SessionPoolOptions } from './pg-session-pool.ts';
import { PROTOCOL_MAJOR_3, startupParameters, WholeMessageReader } from './pg-wire.ts';

export interface WsBridge {
  /** What the Worker's `NEON_WS_PROXY` must be: `host:port/path`, no scheme. */
  proxy: string;
  port: number;
  /** Client (WebSocket) connections currently open; tests use it to prove the Worker
   * closes its pools. */
  openConnections(): number;
  /** Postgres connections kept idle for the next client. */
  pooledConnections(): number;
  close(): Promise<void>;
}

type Target = { host: string; port: number };

/**
 * A WebSocket-to-TCP bridge, the local stand-in for Neon's proxy: the Neon driver
 * opens `ws://127.0.0.1:<port>/v1?address=host:port` and speaks the Postgres wire
 * protocol over it; we pipe the bytes to the real Postgres. Only the one configured
 * Postgres address may be reached, so the bridge is no open relay.
 *
 * Like Neon's pooler, it keeps Postgres sessions between clients (`pool: false` turns
 * that off): a Worker opens a connection per request, and a new backend costs Postgres
 * about 5 ms of CPU each time, more than a simple request's queries.
 */
export async function startWsBridge(options: {
  port: number;
  target: Target;
  pool?: boolean | SessionPoolOptions;
}): Promise<WsBridge> {
  const http: Server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
  });
  const wss = new WebSocketServer({ server: http, path: '/v1' });
  const pool =
    options.pool === false
      ? undefined
      : new SessionPool(options.target, options.pool === true ? {} : options.pool);
  let open = 0;

  wss.on('connection', (socket, request) => {
    const address = new URL(request.url ?? '/', 'http://bridge').searchParams.get('address');
    if (!isAllowedTarget(address, options.target)) {
      socket.close(1008, 'address not allowed');
      return;
    }
    open++;
    bridgeClient(socket, options.target, pool, () => open--);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });

  return {
    proxy: `127.0.0.1:${options.port}/v1`,
    port: options.port,
    openConnections: () => open,
    pooledConnections: () => pool?.idleCount() ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        pool?.close();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/**
 * One client. Its startup packet decides the path: a pooled session with the same
 * packet gets the handshake replayed once the password matches; anything the pool does
 * not handle (SSL or GSS requests, cancel requests, other protocols, replication, a
 * different password) goes to a new Postgres connection byte for byte.
 */
function bridgeClient(
  socket: WebSocket,
  target: Target,
  pool: SessionPool | undefined,
  onClose: () => void,
): void {
  let state: 'startup' | 'password' | 'attached' | 'raw' | 'done' = 'startup';
  let pending: Buffer = Buffer.alloc(0);
  let startup: Buffer = Buffer.alloc(0);
  let server: ServerConnection | undefined;
  const clientMessages = new WholeMessageReader();
  let raw: ReturnType<typeof connect> | undefined;

  const send = (chunk: Buffer) => {
    if (socket.readyState === socket.OPEN) socket.send(chunk, { binary: true });
  };
  const hangUp = () => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
      socket.close();
    }
  };

  const passThrough = (bytes: Buffer) => {
    state = 'raw';
    raw = connect(target);
    raw.setNoDelay(true);
    raw.on('data', send);
    raw.on('close', hangUp);
    raw.on('error', hangUp);
    raw.write(bytes);
  };

  /** Pipes to `connection`; `alreadySent` is the part of its replies the client has
   * already been sent by the pool, to be checked and dropped. */
  const attach = (connection: ServerConnection, alreadySent = Buffer.alloc(0)) => {
    state = 'attached';
    server = connection;
    let skip: Buffer = alreadySent;
    connection.attach((chunk) => {
      if (skip.length > 0) {
        const n = Math.min(skip.length, chunk.length);
        if (!chunk.subarray(0, n).equals(skip.subarray(0, n))) {
          connection.destroy();
          return;
        }
        skip = skip.subarray(n);
        chunk = chunk.subarray(n);
      }
      if (chunk.length > 0) send(chunk);
    }, hangUp);
  };

  const fromClient = (chunk: Buffer) => {
    const connection = server!;
    const forward: Buffer[] = [];
    let terminated = false;
    try {
      clientMessages.push(chunk, (type, message) => {
        if (terminated) return;
        if (connection.fromClient(type, message)) forward.push(message);
        else terminated = true;
      });
    } catch {
      connection.destroy();
      return;
    }
    if (forward.length > 0 && !connection.closed) {
      connection.socket.write(forward.length === 1 ? forward[0]! : Buffer.concat(forward));
    }
    if (terminated) {
      // Terminate: Postgres would now close the connection; the pool keeps it instead.
      finish();
      hangUp();
    }
  };

  const onStartup = (rest: Buffer) => {
    const version = startup.length >= 8 ? startup.readInt32BE(4) : 0;
    if (
      !pool ||
      version >>> 16 !== PROTOCOL_MAJOR_3 ||
      startupParameters(startup).has('replication')
    ) {
      return passThrough(Buffer.concat([startup, rest]));
    }
    const pooled = pool.take(startup);
    if (!pooled) {
      attach(pool.open(startup));
      return fromClient(rest);
    }
    state = 'password';
    server = pooled;
    send(Buffer.concat(pooled.authPrelude));
    pending = rest;
    onPassword();
  };

  /** The client's answer to the replayed authentication request. */
  const onPassword = () => {
    if (pending.length < 5 || pending.length < 1 + pending.readInt32BE(1)) return;
    const pooled = server!;
    const answer = pending.subarray(0, 1 + pending.readInt32BE(1));
    const rest = pending.subarray(answer.length);
    if (pooled.password?.equals(answer)) {
      attach(pooled);
      send(pooled.handshakeReplay());
      return fromClient(rest);
    }
    // Not the password this session logged in with: Postgres decides, on a new
    // connection, which asks again; the client has had that request already.
    pool!.putBack(pooled);
    attach(pool!.open(startup), Buffer.concat(pooled.authPrelude));
    fromClient(pending);
  };

  socket.on('message', (data) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    switch (state) {
      case 'startup': {
        pending = Buffer.concat([pending, chunk]);
        if (pending.length < 4) return;
        const length = pending.readInt32BE(0);
        if (length < 8 || length > 10_000) return passThrough(pending);
        if (pending.length < length) return;
        startup = Buffer.from(pending.subarray(0, length));
        return onStartup(pending.subarray(length));
      }
      case 'password':
        pending = Buffer.concat([pending, chunk]);
        return onPassword();
      case 'attached':
        return fromClient(chunk);
      case 'raw':
        raw?.write(chunk);
    }
  });

  /** The client is gone: its Postgres connection goes back to the pool or is closed. */
  const finish = () => {
    const previous = state;
    state = 'done';
    raw?.destroy();
    if (!server) return;
    server.detach();
    if (previous === 'password') pool!.putBack(server);
    else if (previous === 'attached') void pool!.release(server);
    server = undefined;
  };
  let closed = false;
  const onSocketClosed = () => {
    if (closed) return;
    closed = true;
    onClose();
    finish();
  };
  socket.on('close', onSocketClosed);
  socket.on('error', onSocketClosed);
}

function isAllowedTarget(address: string | null, target: Target): boolean {
  if (!address) return false;
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1) || '5432');
  const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
  const sameHost = host === target.host || (loopback.has(host) && loopback.has(target.host));
  return sameHost && port === target.port;
}
