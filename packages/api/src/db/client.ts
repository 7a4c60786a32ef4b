import { neonConfig, Pool, type PoolClient } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';

/**
 * No schema is handed to drizzle: nothing uses its relational query API, and building
 * that API's table map costs every request a walk over the whole schema.
 */
export type Database = NeonDatabase;

export interface OpenDatabase {
  db: Database;
  close(): Promise<void>;
}

let configuredProxy: string | undefined;

/**
 * Every Postgres session ends the same way: the driver sends Terminate and the server
 * side (Neon's proxy, or the local bridge) closes the WebSocket. workerd then fires a
 * clean `close` and, when the TCP connection goes right after, an `error` event
 * "Network connection lost." on a socket the Worker never closed itself. The driver
 * passes socket errors to pg, pg to the pool: one error log per closed connection
 * (dozens a session under `pnpm dev`) for nothing that failed. An error after a clean
 * close is stopped here; every error before it still reaches the driver.
 */
class SessionWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    let closedCleanly = false;
    // Registered before the driver's own listeners, so it can stop the event first.
    this.addEventListener('close', (event) => {
      closedCleanly = event.wasClean;
    });
    this.addEventListener('error', (event) => {
      if (closedCleanly) event.stopImmediatePropagation();
    });
  }
}
neonConfig.webSocketConstructor = SessionWebSocket;

/**
 * The driver coalesces the protocol messages of one query (parse, bind, describe,
 * execute, sync) into one WebSocket frame by flushing on a `setTimeout(0)`; under
 * `nodejs_compat` each of those timers costs more CPU than the frame it saves (6 % of a
 * booking's isolate time, issue 21). A microtask flushes the same writes — a query is
 * written in one synchronous run — in the same order, one frame each, without a timer.
 */
interface SocketInternals {
  coalesceWrites: boolean;
  ws: WebSocket | null | undefined;
  writeBuffer: Uint8Array | undefined;
  pending?: Uint8Array[];
}
(neonConfig.prototype as unknown as { rawWrite(data: Uint8Array): void }).rawWrite = function (
  this: SocketInternals,
  data: Uint8Array,
) {
  if (!this.coalesceWrites) {
    this.ws?.send(data);
    return;
  }
  if (this.pending) {
    this.pending.push(data);
    return;
  }
  this.pending = [data];
  queueMicrotask(() => {
    const parts = this.pending ?? [];
    this.pending = undefined;
    let frame = parts[0];
    if (parts.length > 1) {
      frame = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
      let at = 0;
      for (const part of parts) {
        frame.set(part, at);
        at += part.length;
      }
    }
    if (frame) this.ws?.send(frame);
  });
};

/**
 * Locally there is no Neon: a plain Postgres sits behind a WebSocket-to-TCP bridge
 * (what Neon's own wsproxy does), reached in clear text. Setting these is global to the
 * isolate, so it is done once per distinct proxy value.
 */
function configureLocalProxy(proxy: string): void {
  if (configuredProxy === proxy) return;
  neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = 'password';
  configuredProxy = proxy;
}

/**
 * Opens a pool for one request. Workers may not share I/O objects between requests,
 * so every request gets its own pool (one connection in practice) and closes it when
 * the response is done — the same code path on Neon and locally.
 */
export function openDatabase(
  env: { DATABASE_URL: string; NEON_WS_PROXY?: string },
  options: { kept?: boolean; max?: number } = {},
): OpenDatabase {
  if (env.NEON_WS_PROXY) configureLocalProxy(env.NEON_WS_PROXY);
  // A kept database (a Durable Object's) is closed by its owner when idle: the pool's
  // own idle timer, re-armed on every release, would only cost each query a timer.
  const pool = new Pool({
    connectionString: env.DATABASE_URL,
    max: options.max ?? 1,
    ...(options.kept ? { idleTimeoutMillis: 0 } : {}),
  });
  // A broken idle connection must not become an uncaught error event in the isolate.
  pool.on('error', (error: Error) =>
    console.error(JSON.stringify({ level: 'error', db: error.message })),
  );
  return { db: drizzle({ client: pool }), close: () => pool.end() };
}

/** A connection a Durable Object keeps for its own operations, one at a time. */
export interface KeptConnection {
  /** drizzle on the connection itself (no pool in between). */
  db: Database;
  /** The connection, for statements sent as text (`keptTransaction`). */
  client: PoolClient;
  close(): Promise<void>;
}

/**
 * Opens a connection and keeps it checked out of its one-connection pool: statements
 * go straight to it, with no acquire and release per transaction.
 */
export async function openKeptConnection(env: {
  DATABASE_URL: string;
  NEON_WS_PROXY?: string;
}): Promise<KeptConnection> {
  if (env.NEON_WS_PROXY) configureLocalProxy(env.NEON_WS_PROXY);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 1, idleTimeoutMillis: 0 });
  pool.on('error', (error: Error) =>
    console.error(JSON.stringify({ level: 'error', db: error.message })),
  );
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    db: drizzle({ client }),
    client,
    async close() {
      // Released as broken: the pool ends it rather than keeping it idle.
      client.release(true);
      await pool.end();
    },
  };
}
