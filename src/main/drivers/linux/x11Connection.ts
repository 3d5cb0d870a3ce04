// A minimal X11 protocol client: just enough (setup, keyboard mapping, XTEST) to type by keysym without Xlib.
import { connect, type Socket } from 'node:net';
import { readXAuth } from './xauthority.js';

export interface X11Setup {
  minKeycode: number;
  maxKeycode: number;
  root: number;
}

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
        finish(null, { minKeycode: received[34] ?? 8, maxKeycode: received[35] ?? 255, root: received.readUInt32LE(screensAt) }, received.subarray(total));
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
