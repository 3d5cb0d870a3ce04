// A minimal X11 protocol client: setup, the core requests typing and window listing need, and extension lookup, without Xlib.
import { connect, type Socket } from 'node:net';
import { readXAuth } from './xauthority.js';

export interface X11Setup {
  minKeycode: number;
  maxKeycode: number;
  root: number;
  /** Size of screen 0's root window (the whole desktop with Xinerama or RandR). */
  rootWidth: number;
  rootHeight: number;
}

export interface X11Property {
  /** The property's type atom; 0 when the window has no such property. */
  type: number;
  format: 0 | 8 | 16 | 32;
  value: Buffer;
  /** Bytes left unread past `value` (the property was longer than asked). */
  bytesAfter: number;
}

export interface X11Geometry {
  x: number;
  y: number;
  width: number;
  height: number;
  borderWidth: number;
}

export interface X11Extension {
  majorOpcode: number;
  firstEvent: number;
  firstError: number;
}

/** Atoms every X server predefines (X11 protocol, appendix B). */
export const X_ATOM = { CARDINAL: 6, STRING: 31, WINDOW: 33, WM_NAME: 39, WM_CLASS: 67 } as const;

interface DisplayAddress {
  path?: string;
  host?: string;
  port?: number;
  number: number;
}

interface PendingReply {
  sequence: number;
  resolve(reply: Buffer): void;
  reject(error: Error): void;
}

const X_ERROR_NAMES: Record<number, string> = {
  1: 'BadRequest',
  2: 'BadValue',
  3: 'BadWindow',
  8: 'BadMatch',
  10: 'BadAccess',
  11: 'BadAlloc',
  16: 'BadLength',
  17: 'BadImplementation',
};

/** Parses DISPLAY (":1", ":1.0", "unix:1", "host:1") into where the server listens. */
export function parseDisplay(display: string): DisplayAddress | null {
  const match = /^(.*):(\d+)(?:\.\d+)?$/.exec(display);
  if (!match) return null;
  const host = match[1] ?? '';
  const number = Number(match[2]);
  if (host === '' || host === 'unix') return { path: `/tmp/.X11-unix/X${number}`, number };
  return { host, port: 6000 + number, number };
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

export class X11Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private sequence = 0;
  private readonly pending: PendingReply[] = [];
  private voidError: Error | null = null;
  private closedError: Error | null = null;
  private readonly atomCache = new Map<string, number>();
  private readonly extensions = new Map<string, Promise<X11Extension | null>>();

  private constructor(
    private readonly socket: Socket,
    readonly setup: X11Setup,
  ) {
    // An idle held-open connection must not keep the process alive; it is ref'd only while a reply is awaited.
    socket.unref();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(new Error(`The X connection failed: ${err.message}.`)));
    socket.on('close', () => this.fail(new Error('The X connection closed.')));
  }

  /** Connects and completes the X handshake (the same step XOpenDisplay takes), or rejects with a plain reason. */
  static open(display: string, timeoutMs = 2000, env: NodeJS.ProcessEnv = process.env): Promise<X11Connection> {
    const address = parseDisplay(display);
    if (!address) return Promise.reject(new Error(`DISPLAY="${display}" is not a valid X display name.`));
    const auth = readXAuth(address.number, env);
    return new Promise((resolve, reject) => {
      const socket = address.path ? connect(address.path) : connect(address.port ?? 6000, address.host);
      let received = Buffer.alloc(0);
      const timer = setTimeout(() => finish(new Error(`the X server at ${display} did not answer within ${timeoutMs} ms`)), timeoutMs);
      const finish = (error: Error | null, setup?: X11Setup, rest?: Buffer): void => {
        clearTimeout(timer);
        socket.removeAllListeners();
        if (error || !setup) {
          socket.destroy();
          reject(error ?? new Error('the X handshake failed'));
          return;
        }
        const connection = new X11Connection(socket, setup);
        if (rest && rest.length > 0) connection.onData(rest);
        resolve(connection);
      };
      socket.on('error', (err) => finish(new Error(`cannot connect to the X server at ${display} (${err.message})`)));
      socket.on('close', () => finish(new Error(`the X server at ${display} closed the connection during the handshake`)));
      socket.on('connect', () => {
        const name = Buffer.from(auth.name, 'latin1');
        const request = Buffer.alloc(12 + name.length + pad4(name.length) + auth.data.length + pad4(auth.data.length));
        request.write('l', 0, 'latin1');
        request.writeUInt16LE(11, 2);
        request.writeUInt16LE(0, 4);
        request.writeUInt16LE(name.length, 6);
        request.writeUInt16LE(auth.data.length, 8);
        name.copy(request, 12);
        auth.data.copy(request, 12 + name.length + pad4(name.length));
        socket.write(request);
      });
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length < 8) return;
        const total = 8 + received.readUInt16LE(6) * 4;
        if (received.length < total) return;
        const status = received[0];
        if (status !== 1) {
          const reason = received.subarray(8, 8 + (status === 0 ? (received[1] ?? 0) : total - 8)).toString('latin1').replace(/\0+$/, '').trim();
          finish(new Error(`the X server at ${display} refused the connection (${reason || 'authorization required'})`));
          return;
        }
        const vendorLength = received.readUInt16LE(24);
        const formats = received[29] ?? 0;
        const screensAt = 40 + vendorLength + pad4(vendorLength) + formats * 8;
        const setup: X11Setup = {
          minKeycode: received[34] ?? 8,
          maxKeycode: received[35] ?? 255,
          root: received.readUInt32LE(screensAt),
          rootWidth: received.readUInt16LE(screensAt + 20),
          rootHeight: received.readUInt16LE(screensAt + 22),
        };
        finish(null, setup, received.subarray(total));
      });
    });
  }

  /** Sends a request that has no reply; its error, if any, surfaces at the next sync(). */
  send(request: Buffer): void {
    if (this.closedError) throw this.closedError;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.socket.write(request);
  }

  /** Sends a request that has a reply and resolves with the whole reply packet. */
  request(request: Buffer): Promise<Buffer> {
    if (this.closedError) return Promise.reject(this.closedError);
    this.sequence = (this.sequence + 1) & 0xffff;
    const sequence = this.sequence;
    return new Promise((resolve, reject) => {
      this.pending.push({ sequence, resolve, reject });
      this.socket.ref();
      this.socket.write(request);
    });
  }

  /** Round-trips GetInputFocus so every earlier request has been processed by the server. */
  async sync(): Promise<void> {
    const request = Buffer.alloc(4);
    request[0] = 43;
    request.writeUInt16LE(1, 2);
    await this.request(request);
    const error = this.voidError;
    this.voidError = null;
    if (error) throw error;
  }

  /** True once the connection has closed or failed; a closed connection is not reused. */
  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Atom ids by name, interned once per connection; requests for all unknown names go out together. */
  async atoms<const N extends string>(names: readonly N[]): Promise<Record<N, number>> {
    const missing = names.filter((name) => !this.atomCache.has(name));
    const pending = missing.map((name) => {
      const bytes = Buffer.from(name, 'latin1');
      const request = Buffer.alloc(8 + bytes.length + pad4(bytes.length));
      request[0] = 16;
      request.writeUInt16LE(request.length / 4, 2);
      request.writeUInt16LE(bytes.length, 4);
      bytes.copy(request, 8);
      return this.request(request).then((reply) => this.atomCache.set(name, reply.readUInt32LE(8)));
    });
    await Promise.all(pending);
    const out = {} as Record<N, number>;
    for (const name of names) out[name] = this.atomCache.get(name) ?? 0;
    return out;
  }

  /** GetAtomName. */
  async atomName(atom: number): Promise<string> {
    const request = Buffer.alloc(8);
    request[0] = 17;
    request.writeUInt16LE(2, 2);
    request.writeUInt32LE(atom, 4);
    const reply = await this.request(request);
    return reply.subarray(32, 32 + reply.readUInt16LE(8)).toString('latin1');
  }

  /** GetProperty without deleting; `maxBytes` caps what is read (rounded up to 4). Type 0 accepts any type. */
  async getProperty(window: number, property: number, maxBytes = 4096, type = 0): Promise<X11Property> {
    const request = Buffer.alloc(24);
    request[0] = 20;
    request.writeUInt16LE(6, 2);
    request.writeUInt32LE(window, 4);
    request.writeUInt32LE(property, 8);
    request.writeUInt32LE(type, 12);
    request.writeUInt32LE(0, 16);
    request.writeUInt32LE(Math.ceil(maxBytes / 4), 20);
    const reply = await this.request(request);
    const format = (reply[1] ?? 0) as X11Property['format'];
    const length = reply.readUInt32LE(16) * (format / 8);
    return { type: reply.readUInt32LE(8), format, value: reply.subarray(32, 32 + length), bytesAfter: reply.readUInt32LE(12) };
  }

  /** GetGeometry: position relative to the parent, size inside the border. */
  async getGeometry(drawable: number): Promise<X11Geometry> {
    const request = Buffer.alloc(8);
    request[0] = 14;
    request.writeUInt16LE(2, 2);
    request.writeUInt32LE(drawable, 4);
    const reply = await this.request(request);
    return { x: reply.readInt16LE(12), y: reply.readInt16LE(14), width: reply.readUInt16LE(16), height: reply.readUInt16LE(18), borderWidth: reply.readUInt16LE(20) };
  }

  /** TranslateCoordinates of a point in `source` into `destination` (e.g. a window's origin onto the root). */
  async translateCoordinates(source: number, destination: number, x = 0, y = 0): Promise<{ x: number; y: number }> {
    const request = Buffer.alloc(16);
    request[0] = 40;
    request.writeUInt16LE(4, 2);
    request.writeUInt32LE(source, 4);
    request.writeUInt32LE(destination, 8);
    request.writeInt16LE(x, 12);
    request.writeInt16LE(y, 14);
    const reply = await this.request(request);
    return { x: reply.readInt16LE(12), y: reply.readInt16LE(14) };
  }

  /** SendEvent of a 32-bit ClientMessage (the EWMH way to ask the window manager), then waits until it was processed. */
  async sendClientMessage(destination: number, window: number, messageType: number, data: readonly number[], eventMask: number): Promise<void> {
    const request = Buffer.alloc(44);
    request[0] = 25;
    request[1] = 0;
    request.writeUInt16LE(11, 2);
    request.writeUInt32LE(destination, 4);
    request.writeUInt32LE(eventMask, 8);
    request[12] = 33;
    request[13] = 32;
    request.writeUInt32LE(window, 16);
    request.writeUInt32LE(messageType, 20);
    for (let i = 0; i < 5; i++) request.writeUInt32LE((data[i] ?? 0) >>> 0, 24 + i * 4);
    this.send(request);
    await this.sync();
  }

  /** QueryExtension, answered once per connection; null when the server lacks it. */
  queryExtension(name: string): Promise<X11Extension | null> {
    let answer = this.extensions.get(name);
    if (!answer) {
      const bytes = Buffer.from(name, 'latin1');
      const request = Buffer.alloc(8 + bytes.length + pad4(bytes.length));
      request[0] = 98;
      request.writeUInt16LE(request.length / 4, 2);
      request.writeUInt16LE(bytes.length, 4);
      bytes.copy(request, 8);
      answer = this.request(request).then((reply) =>
        reply[8] === 1 ? { majorOpcode: reply[9] ?? 0, firstEvent: reply[10] ?? 0, firstError: reply[11] ?? 0 } : null,
      );
      this.extensions.set(name, answer);
    }
    return answer;
  }

  close(): void {
    this.closedError ??= new Error('The X connection was closed.');
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    for (const waiting of this.pending.splice(0)) waiting.reject(this.closedError);
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 32) {
      const kind = (this.buffered[0] ?? 0) & 0x7f;
      const size = kind === 1 || kind === 35 ? 32 + this.buffered.readUInt32LE(4) * 4 : 32;
      if (this.buffered.length < size) return;
      const packet = this.buffered.subarray(0, size);
      this.buffered = this.buffered.subarray(size);
      if (kind === 0 || kind === 1) this.onReplyOrError(packet, kind === 0);
    }
  }

  private onReplyOrError(packet: Buffer, isError: boolean): void {
    const sequence = packet.readUInt16LE(2);
    const error = isError ? new Error(`The X server answered ${X_ERROR_NAMES[packet[1] ?? 0] ?? `error ${packet[1]}`} to request ${packet[10]}.`) : null;
    const waiting = this.pending[0];
    if (waiting && waiting.sequence === sequence) {
      this.pending.shift();
      if (this.pending.length === 0) this.socket.unref();
      if (error) waiting.reject(error);
      else waiting.resolve(packet);
      return;
    }
    if (error) this.voidError ??= error;
  }
}
