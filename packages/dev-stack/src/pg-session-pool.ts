import { ServerConnection } from './pg-server-connection.ts';

export interface SessionPoolOptions {
  /** Idle connections kept per startup packet; more are closed when returned. The
   * default covers the repo's largest burst (64 concurrent bookings in the contention
   * bench) and stays well under the local cluster's max_connections (200). */
  maxIdlePerKey?: number;
  /** An idle connection unused this long is closed. */
  idleTimeoutMs?: number;
}

/**
 * Authenticated Postgres connections kept between clients, keyed by the exact startup
 * packet (user, database, every parameter) — session pooling, as PgBouncer does in
 * front of Neon. A connection comes back only when it is certainly idle and a
 * `DISCARD ALL` has left it as fresh as a new login.
 */
export class SessionPool {
  private readonly idle = new Map<string, ServerConnection[]>();
  private readonly all = new Set<ServerConnection>();
  private readonly timers = new Map<ServerConnection, NodeJS.Timeout>();
  private readonly maxIdlePerKey: number;
  private readonly idleTimeoutMs: number;
  private readonly target: { host: string; port: number };
  private closed = false;

  constructor(target: { host: string; port: number }, options: SessionPoolOptions = {}) {
    this.target = target;
    this.maxIdlePerKey = options.maxIdlePerKey ?? 64;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  }

  /** A new connection; the client's startup packet goes to Postgres as it is. */
  open(startup: Buffer): ServerConnection {
    const connection = new ServerConnection(this.target, startup);
    this.all.add(connection);
    connection.socket.once('close', () => {
      this.all.delete(connection);
      this.forget(connection);
    });
    return connection;
  }

  /** An idle connection made with this very startup packet, if one is kept. */
  take(startup: Buffer): ServerConnection | undefined {
    const list = this.idle.get(startup.toString('latin1'));
    while (list?.length) {
      const connection = list.pop()!;
      this.stopTimer(connection);
      if (connection.idle) return connection;
      connection.end();
    }
    return undefined;
  }

  /** Back unused: a client took it, then sent a different password or hung up. */
  putBack(connection: ServerConnection): void {
    if (connection.idle) this.keep(connection);
    else connection.end();
  }

  /** After a client is done: reset and keep it, or close it if in any doubt. */
  async release(connection: ServerConnection): Promise<void> {
    if (this.closed || !(await connection.reset())) connection.end();
    else this.keep(connection);
  }

  idleCount(): number {
    let count = 0;
    for (const list of this.idle.values()) count += list.length;
    return count;
  }

  close(): void {
    this.closed = true;
    for (const connection of this.all) connection.end();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.idle.clear();
    this.timers.clear();
  }

  private keep(connection: ServerConnection): void {
    const kept = this.idle.get(connection.key) ?? [];
    // The latest successful login wins: after a password change, sessions opened with
    // the old one are retired rather than handed to clients still sending it.
    const password = kept[0]?.password;
    if (password && connection.password && !password.equals(connection.password)) {
      for (const old of kept.splice(0)) {
        this.stopTimer(old);
        old.end();
      }
    }
    if (this.closed || connection.closed || kept.length >= this.maxIdlePerKey) {
      connection.end();
      return;
    }
    this.idle.set(connection.key, kept);
    kept.push(connection);
    const timer = setTimeout(() => {
      this.forget(connection);
      connection.end();
    }, this.idleTimeoutMs);
    timer.unref();
    this.timers.set(connection, timer);
  }

  private forget(connection: ServerConnection): void {
    this.stopTimer(connection);
    const list = this.idle.get(connection.key);
    const at = list?.indexOf(connection) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
    if (list?.length === 0) this.idle.delete(connection.key);
  }

  private stopTimer(connection: ServerConnection): void {
    clearTimeout(this.timers.get(connection));
    this.timers.delete(connection);
  }
}
