/**
 * Just enough of the Postgres wire protocol (v3) for the bridge's session pool:
 * message framing and the few messages the pool writes itself.
 * https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

/** Request codes in the first 4 bytes of a startup packet's body. */
export const CANCEL_REQUEST = 80877102;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
/** Protocol major version 3, in the high 16 bits of the startup packet's version field. */
export const PROTOCOL_MAJOR_3 = 3;

export const AUTH_CLEARTEXT_PASSWORD = 3;

export const AUTHENTICATION_OK = message('R', int32(0));
export const TERMINATE = message('X', Buffer.alloc(0));
/** Resets everything a session can leave behind: GUCs, prepared statements, temp
 * tables, cursors, LISTENs, session advisory locks, sequence caches. */
export const DISCARD_ALL = message('Q', Buffer.from('DISCARD ALL\0'));

export function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return message('Z', Buffer.from(status));
}

export function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

/** A typed message's raw bytes (type, length, body) from its type code and body. */
export function rawMessage(type: number, body: Buffer): Buffer {
  return message(String.fromCharCode(type), body);
}

/** The `name=value` parameters of a v3 startup packet (whole packet, length included). */
export function startupParameters(packet: Buffer): Map<string, string> {
  const parameters = new Map<string, string>();
  const fields = packet.subarray(8).toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length && fields[i]; i += 2) {
    parameters.set(fields[i]!, fields[i + 1]!);
  }
  return parameters;
}

/**
 * Frames a stream of typed messages (1-byte type, 4-byte length that counts itself,
 * body). Chunks may split or join messages. Bodies are collected only for the types
 * `wants` asks for, so large result rows pass without being copied.
 */
export class MessageReader {
  private readonly header = Buffer.alloc(5);
  private headerFill = 0;
  private remaining = 0;
  private inBody = false;
  private type = 0;
  private parts: Buffer[] | undefined;
  private readonly wants: (type: number) => boolean;
  private readonly onMessage: (type: number, body: Buffer | undefined) => void;

  constructor(
    wants: (type: number) => boolean,
    onMessage: (type: number, body: Buffer | undefined) => void,
  ) {
    this.wants = wants;
    this.onMessage = onMessage;
  }

  /** True between messages: nothing of a next message has been seen yet. */
  get atBoundary(): boolean {
    return !this.inBody && this.headerFill === 0;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (!this.inBody) {
        const take = Math.min(5 - this.headerFill, chunk.length - at);
        chunk.copy(this.header, this.headerFill, at, at + take);
        this.headerFill += take;
        at += take;
        if (this.headerFill < 5) return;
        this.type = this.header[0]!;
        const length = this.header.readInt32BE(1);
        if (length < 4) throw new Error(`invalid message length ${length}`);
        this.remaining = length - 4;
        this.inBody = true;
        this.parts = this.wants(this.type) ? [] : undefined;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      if (take > 0) this.parts?.push(chunk.subarray(at, at + take));
      this.remaining -= take;
      at += take;
      if (this.remaining === 0) this.finish();
    }
    // A message with an empty body can complete exactly at the end of a chunk.
    if (this.inBody && this.remaining === 0) this.finish();
  }

  private finish(): void {
    const parts = this.parts;
    this.inBody = false;
    this.headerFill = 0;
    this.parts = undefined;
    this.onMessage(this.type, parts && Buffer.concat(parts));
  }
}

/**
 * Frames client→server messages whole: they are small (queries, binds, passwords),
 * arrive one WebSocket frame each in practice, and the pool must be able to hold one
 * back (Terminate), which partial forwarding would not allow.
 */
export class WholeMessageReader {
  private carry: Buffer | undefined;

  /** Calls `onMessage` with each complete message's raw bytes; keeps the rest. */
  push(chunk: Buffer, onMessage: (type: number, raw: Buffer) => void): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    let at = 0;
    while (data.length - at >= 5) {
      const length = data.readInt32BE(at + 1);
      if (length < 4) throw new Error(`invalid message length ${length}`);
      if (data.length - at < 1 + length) break;
      onMessage(data[at]!, data.subarray(at, at + 1 + length));
      at += 1 + length;
    }
    if (at < data.length) this.carry = Buffer.from(data.subarray(at));
  }

  /** Bytes of an incomplete message still held. */
  get pending(): number {
    return this.carry?.length ?? 0;
  }
}
