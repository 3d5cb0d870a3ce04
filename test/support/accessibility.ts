// A private D-Bus session and AT-SPI accessibility bus for one test file's X display, torn down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { findAccessibilityBus } from '../../src/main/drivers/linux/atspiBus.js';

export interface AccessibilityBus {
  /** The display's env plus DBUS_SESSION_BUS_ADDRESS; what apps under test and the driver read. */
  env: NodeJS.ProcessEnv;
  address: string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Ends a detached child and everything it started (the launcher's bus daemon, the registry). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || exited(child)) return;
  const gone = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function sessionDaemon(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not print its address within 10 s')), 10_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, address: line.trim() });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited at start (code ${code})`));
    });
  });
}

/** Starts a session bus and `at-spi-bus-launcher --launch-immediately` in it, for the display in `displayEnv`. */
export async function startAccessibilityBus(displayEnv: NodeJS.ProcessEnv): Promise<AccessibilityBus> {
  const base: NodeJS.ProcessEnv = { ...displayEnv };
  delete base.DBUS_SESSION_BUS_ADDRESS;
  delete base.AT_SPI_BUS_ADDRESS;
  const session = await sessionDaemon(base);
  const env: NodeJS.ProcessEnv = { ...base, DBUS_SESSION_BUS_ADDRESS: session.address };
  // GTK skips its accessibility bridge when this is set.
  delete env.NO_AT_BRIDGE;
  const launcher = spawn('/usr/libexec/at-spi-bus-launcher', ['--launch-immediately'], { env, detached: true, stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    await stopGroup(launcher);
    await stopGroup(session.child);
  };
  const end = Date.now() + 15_000;
  let address: string | null = null;
  while (!address) {
    if (exited(launcher)) {
      await stop();
      throw new Error('at-spi-bus-launcher exited at start');
    }
    address = await findAccessibilityBus({ DBUS_SESSION_BUS_ADDRESS: session.address }, 1000);
    if (!address) {
      if (Date.now() > end) {
        await stop();
        throw new Error('the AT-SPI bus did not come up within 15 s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { env, address, stop };
}
