import { connect, type Socket } from 'node:net';
import {
  AUTH_CLEARTEXT_PASSWORD,
  AUTHENTICATION_OK,
  DISCARD_ALL,
  MessageReader,
  rawMessage,
  readyForQuery,
  TERMINATE,
} from './pg-wire.ts';

const RESET_TIMEOUT_MS = 5_000;

/** Server messages whose bodies the pool reads; everything else only gets framed. */
const READ_BODIES = new Set(['R', 'S', 'K', 'Z', 'v'].map((c) => c.charCodeAt(0)));
const code = (c: string) => c.charCodeAt(0);

/**
 * One TCP connection to Postgres, watched closely enough to know whether it can be
 * handed to another client: how it authenticated, what it told the client (parameter
 * statuses, its BackendKeyData), and whether it is idle — every query answered with
 * ReadyForQuery('I'), nothing half-sent by the client. The first client on a
 * connection talks to Postgres verbatim; only later clients get the handshake replayed.
 */
export class ServerConnection {
  readonly socket: Socket;
  readonly startup: Buffer;
  /** The pool's key: the exact startup packet, so every parameter matches. */
  readonly key: string;
  /** What Postgres sent before asking for the password: NegotiateProtocolVersion, if
   * any, and the authentication request. */
  readonly authPrelude: Buffer[] = [];
  password: Buffer | undefined;
  readonly parameters = new Map<string, Buffer>();
  backendKey: Buffer | undefined;
  closed = false;

  private authRequest: number | undefined;
  private authenticated = false;
  private passwordMessages = 0;
  private established = false;
  /** Cleared by anything the pool could not be sure to undo, or would not replay. */
  private reusable = true;
  private status = 0;
  private awaitingReady = 1;
  private unsynced = false;
  private readonly reader: MessageReader;
  private sink: ((chunk: Buffer) => void) | undefined;
  private lost: (() => void) | undefined;
  private onReady: ((status: number) => void) | undefined;

  constructor(target: { host: string; port: number }, startup: Buffer) {
    this.startup = startup;
    this.key = startup.toString('latin1');
    this.reader = new MessageReader(
      (type) => READ_BODIES.has(type),
      (type, body) => this.fromServer(type, body),
    );
    this.socket = connect(target);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      const resetting = this.onReady !== undefined;
      try {
        this.reader.push(chunk);
      } catch {
        this.destroy();
        return;
      }
      if (this.sink) this.sink(chunk);
      // Idle in the pool, Postgres only speaks to say goodbye (FATAL on terminate).
      else if (!resetting) this.destroy();
    });
    this.socket.on('error', () => this.destroy());
    this.socket.on('close', () => this.destroy());
    // net.Socket buffers writes until it is connected.
    this.socket.write(startup);
  }

  /** Safe to give to another client: authenticated by password, nothing in flight. */
  get idle(): boolean {
    return (
      !this.closed &&
      this.reusable &&
      this.established &&
      this.authRequest === AUTH_CLEARTEXT_PASSWORD &&
      this.passwordMessages === 1 &&
      this.awaitingReady === 0 &&
      !this.unsynced &&
      this.status === code('I') &&
      this.reader.atBoundary
    );
  }

  /** What a new client is sent after its password matched: this connection's own
   * parameter statuses and BackendKeyData, so cancel requests reach this backend. */
  handshakeReplay(): Buffer {
    return Buffer.concat([
      AUTHENTICATION_OK,
      ...this.parameters.values(),
      this.backendKey ?? Buffer.alloc(0),
      readyForQuery('I'),
    ]);
  }

  attach(sink: (chunk: Buffer) => void, lost: () => void): void {
    this.sink = sink;
    this.lost = lost;
  }

  detach(): void {
    this.sink = undefined;
    this.lost = undefined;
  }

  /**
   * Notes one whole client message and says whether to pass it on. Terminate is held
   * back: the client is done, but the connection may live on in the pool.
   */
  fromClient(type: number, raw: Buffer): boolean {
    switch (String.fromCharCode(type)) {
      case 'X':
        return false;
      case 'Q':
      case 'S':
      case 'F':
        // Each simple query, Sync and function call is answered by one ReadyForQuery.
        this.awaitingReady++;
        this.unsynced = false;
        return true;
      case 'P':
      case 'B':
      case 'D':
      case 'E':
      case 'C':
      case 'H':
        this.unsynced = true;
        return true;
      case 'd':
      case 'c':
      case 'f':
        // COPY data belongs to the query that started the COPY.
        return true;
      case 'p':
        if (this.established) this.reusable = false;
        else if (++this.passwordMessages === 1) this.password = Buffer.from(raw);
        return true;
      default:
        this.reusable = false;
        return true;
    }
  }

  /** DISCARD ALL, then true once Postgres is idle again; false means destroy it. */
  reset(): Promise<boolean> {
    if (!this.idle) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), RESET_TIMEOUT_MS);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.onReady = undefined;
        resolve(ok && this.idle);
      };
      this.onReady = (status) => finish(status === code('I'));
      this.awaitingReady++;
      this.socket.write(DISCARD_ALL);
    });
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const lost = this.lost;
    this.detach();
    this.onReady?.(-1);
    lost?.();
  }

  /** Closes politely, as a client would, so Postgres logs no broken connection. */
  end(): void {
    if (this.closed) return;
    if (this.socket.writable) this.socket.end(TERMINATE);
    this.destroy();
  }

  private fromServer(type: number, body: Buffer | undefined): void {
    const kind = String.fromCharCode(type);
    if (!this.established) {
      if (kind === 'R' && body) {
        const request = body.readInt32BE(0);
        if (request === 0) this.authenticated = true;
        else if (this.authRequest === undefined) {
          this.authRequest = request;
          this.authPrelude.push(rawMessage(type, body));
        } else this.reusable = false;
        return;
      }
      if (kind === 'v' && this.authRequest === undefined && body) {
        this.authPrelude.push(rawMessage(type, body));
        return;
      }
      if (kind === 'K' && body) {
        this.backendKey = rawMessage(type, body);
        return;
      }
      if (kind === 'Z') this.established = this.authenticated;
      else if (kind !== 'S') this.reusable = false;
    }
    if (kind === 'S' && body) {
      const name = body.subarray(0, body.indexOf(0)).toString('utf8');
      this.parameters.set(name, rawMessage(type, body));
    } else if (kind === 'Z' && body) {
      this.status = body[0]!;
      if (--this.awaitingReady < 0) this.reusable = false;
      this.onReady?.(this.status);
    } else if (kind === 'E' && this.onReady) {
      // DISCARD ALL failed: keep nothing we cannot explain.
      this.reusable = false;
    }
  }
}
