// The AT-SPI accessibility bus: where it is (org.a11y.Bus on the session bus, else the AT_SPI_BUS root-window property) and bounded calls on it.
import dbus from 'dbus-next';
import { runProgram } from '../runProgram.js';

export const NO_BUS =
  'No accessibility bus is running (AT-SPI): start one with /usr/libexec/at-spi-bus-launcher --launch-immediately, or log in to a desktop session that runs it; screenshots still work.';

/** An object on the accessibility bus: the app's bus name and the object path. */
export type ObjectRef = [string, string];

/** A method call that took longer than its deadline: the app is hung or busy. */
export class AtspiTimeoutError extends Error {
  constructor(readonly destination: string) {
    super(`The accessibility call to ${destination} did not answer in time.`);
    this.name = 'AtspiTimeoutError';
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, destination: string, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new AtspiTimeoutError(destination))), ms);
    const onAbort = (): void => finish(() => reject(signal?.reason as Error));
    signal?.addEventListener('abort', onAbort, { once: true });
    function finish(settle: () => void): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    work.then((value) => finish(() => resolve(value)), (error: unknown) => finish(() => reject(error as Error)));
  });
}

/** dbus-next keeps its socket referenced; a connection Chaperone holds open must not keep the process alive. */
function unrefSocket(bus: dbus.MessageBus): void {
  const connection = (bus as unknown as { _connection?: { stream?: { unref?: () => void } } })._connection;
  connection?.stream?.unref?.();
}

/** The session bus address from the environment, when it names one. */
async function askSessionBus(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) return null;
  const session = dbus.sessionBus({ busAddress: address });
  // A bus that is not there fails the connection, not the call: the error event ends the wait at once.
  const failed = new Promise<never>((_resolve, reject) => session.on('error', reject));
  unrefSocket(session);
  try {
    const reply = await withDeadline(
      Promise.race([session.call(new dbus.Message({ destination: 'org.a11y.Bus', path: '/org/a11y/bus', interface: 'org.a11y.Bus', member: 'GetAddress' })), failed]),
      timeoutMs,
      'org.a11y.Bus',
    );
    const value = reply?.body[0];
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  } finally {
    session.disconnect();
  }
}

/** The AT_SPI_BUS property of the X root window (set by at-spi-bus-launcher when there is no session bus). */
async function askRootWindow(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
  if (!env.DISPLAY) return null;
  try {
    const output = await runProgram('xprop', ['-root', 'AT_SPI_BUS'], { env, timeoutMs });
    const match = /^AT_SPI_BUS\(STRING\) = "([^"\n]{1,2000})"/.exec(output.stdout.slice(0, 4000));
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Where the accessibility bus is, or null when none runs. */
export async function findAccessibilityBus(env: NodeJS.ProcessEnv, timeoutMs = 1000): Promise<string | null> {
  if (env.AT_SPI_BUS_ADDRESS) return env.AT_SPI_BUS_ADDRESS;
  return (await askSessionBus(env, timeoutMs)) ?? (await askRootWindow(env, timeoutMs));
}

/**
 * The events Chaperone listens for. Registering any listener also wakes the apps' bridges (at-spi2-atk
 * keeps its cache and events off until some client registers), so the Cache interface answers.
 */
const EVENTS = ['object:children-changed', 'object:state-changed', 'object:property-change:accessible-name', 'object:bounds-changed', 'window:'];
const EVENT_INTERFACES = /^org\.a11y\.atspi\.Event\.(Object|Window)$/;

/** One connection to the accessibility bus; every call carries a deadline and an optional abort signal. */
export class AtspiBus {
  private closed = false;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly bus: dbus.MessageBus) {
    bus.on('error', () => {
      this.closed = true;
    });
    bus.on('message', (message: dbus.Message) => {
      if (message.type === dbus.MessageType.SIGNAL && EVENT_INTERFACES.test(message.interface ?? '')) for (const listener of this.listeners) listener();
    });
  }

  /** Calls `listener` on every tree event (elements added, removed, renamed, moved, state changes, windows); returns the unsubscribe. */
  onEvent(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async listen(deadline: Deadline): Promise<void> {
    const registry: ObjectRef = ['org.a11y.atspi.Registry', '/org/a11y/atspi/registry'];
    const daemon: ObjectRef = ['org.freedesktop.DBus', '/org/freedesktop/DBus'];
    await Promise.all([
      ...EVENTS.map((event) => this.call(registry, 'org.a11y.atspi.Registry', 'RegisterEvent', deadline, 's', [event]).catch(() => undefined)),
      ...['Object', 'Window'].map((kind) => this.call(daemon, 'org.freedesktop.DBus', 'AddMatch', deadline, 's', [`type='signal',interface='org.a11y.atspi.Event.${kind}'`]).catch(() => undefined)),
    ]);
  }

  static async connect(address: string, timeoutMs: number): Promise<AtspiBus> {
    const bus = dbus.sessionBus({ busAddress: address });
    const connection = new AtspiBus(bus);
    unrefSocket(bus);
    const failed = new Promise<never>((_resolve, reject) => bus.on('error', reject));
    // One round trip proves the bus answers before anything relies on it.
    await withDeadline(
      Promise.race([bus.call(new dbus.Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' })), failed]),
      timeoutMs,
      'the accessibility bus',
    ).catch((error: unknown) => {
      bus.disconnect();
      throw error;
    });
    await connection.listen(new Deadline(timeoutMs));
    return connection;
  }

  get alive(): boolean {
    return !this.closed;
  }

  async call(ref: ObjectRef, iface: string, member: string, deadline: Deadline, signature = '', body: unknown[] = []): Promise<unknown[]> {
    if (this.closed) throw new Error('The accessibility bus connection closed.');
    const [destination, path] = ref;
    const reply = await withDeadline(
      this.bus.call(new dbus.Message({ destination, path, interface: iface, member, signature, body })),
      deadline.remaining(),
      destination,
      deadline.signal,
    );
    return reply?.body ?? [];
  }

  /** A property of the object, unwrapped from its variant. */
  async property(ref: ObjectRef, iface: string, name: string, deadline: Deadline): Promise<unknown> {
    const [variant] = await this.call(ref, 'org.freedesktop.DBus.Properties', 'Get', deadline, 'ss', [iface, name]);
    return variant instanceof dbus.Variant ? (variant.value as unknown) : variant;
  }

  /** The process id behind a bus name. */
  async pidOf(busName: string, deadline: Deadline): Promise<number> {
    const [pid] = await this.call(['org.freedesktop.DBus', '/org/freedesktop/DBus'], 'org.freedesktop.DBus', 'GetConnectionUnixProcessID', deadline, 's', [busName]);
    return typeof pid === 'number' ? pid : 0;
  }

  close(): void {
    this.closed = true;
    this.bus.disconnect();
  }
}

/** A time budget shared by every call of one snapshot. */
export class Deadline {
  private readonly end: number;

  constructor(ms: number, readonly signal?: AbortSignal) {
    this.end = Date.now() + ms;
  }

  remaining(): number {
    return Math.max(1, this.end - Date.now());
  }
}
