// Starts a real Xvfb display (and optionally openbox) for one test file; each file gets its own display number.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XServer {
  display: string;
  env: NodeJS.ProcessEnv;
  width: number;
  height: number;
  stop(): Promise<void>;
  /**
   * Keeps the display up until this process has exited, then ends it. For tests that load nut-js: its Xlib
   * connection makes the process exit with code 1 ("XIO: fatal IO error") when the server dies first.
   */
  stopAfterExit(): void;
}

function freeDisplayNumber(): number {
  for (let n = 90 + Math.floor(Math.random() * 400); n < 1000; n++) {
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  }
  throw new Error('no free X display number');
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface XServerOptions {
  width?: number;
  height?: number;
  windowManager?: boolean;
  /** Monitors side by side, left to right: one screen spanning them, split with `xrandr --setmonitor` (RandR 1.5). */
  monitors?: Array<{ width: number; height: number }>;
}

/** Starts Xvfb (and openbox); another test process may grab the same display number first, so it tries a few. */
export async function startXServer(opts: XServerOptions = {}): Promise<XServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function startOnce(opts: XServerOptions): Promise<XServer> {
  const monitors = opts.monitors ?? [];
  const width = monitors.length > 0 ? monitors.reduce((sum, m) => sum + m.width, 0) : (opts.width ?? 1280);
  const height = monitors.length > 0 ? Math.max(...monitors.map((m) => m.height)) : (opts.height ?? 800);
  const n = freeDisplayNumber();
  const display = `:${n}`;
  const children: ChildProcess[] = [];
  // -noreset: the probe below is the first client, and the server would otherwise reset when it leaves.
  const xvfb = spawn('Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-ac', '-noreset'], { stdio: 'ignore' });
  children.push(xvfb);
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display };
  delete env.WAYLAND_DISPLAY;
  const stop = async (): Promise<void> => {
    for (const c of [...children].reverse()) {
      if (!exited(c)) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
    }
  };
  try {
    await waitFor(() => {
      if (exited(xvfb)) throw new Error(`Xvfb on ${display} exited at start`);
      try {
        execFileSync('xdpyinfo', ['-display', display], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    }, 20_000, `Xvfb on ${display}`);
    let left = 0;
    for (const [i, m] of monitors.entries()) {
      // Sizes in millimetres at 96 dpi; "none": a monitor of its own, not tied to an output.
      const geometry = `${m.width}/${Math.round((m.width * 25.4) / 96)}x${m.height}/${Math.round((m.height * 25.4) / 96)}+${left}+0`;
      execFileSync('xrandr', ['--setmonitor', `TEST-${i + 1}`, geometry, 'none'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
      left += m.width;
    }
    if (opts.windowManager) {
      const wm = spawn('openbox', ['--sm-disable'], { env, stdio: 'ignore' });
      children.push(wm);
      await waitFor(() => {
        if (exited(wm)) throw new Error(`openbox on ${display} exited at start`);
        try {
          return execFileSync('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env, encoding: 'utf8' }).includes('window id');
        } catch {
          return false;
        }
      }, 20_000, 'openbox');
    }
  } catch (error) {
    // A slow machine must not leave a half-started display behind to hang the test process.
    await stop();
    throw error;
  }
  return {
    display,
    env,
    width,
    height,
    stop,
    stopAfterExit() {
      const pids = children.map((c) => c.pid).filter((pid) => pid !== undefined);
      const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.2; done; kill ${pids.reverse().join(' ')} 2>/dev/null`;
      spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
      for (const c of children) c.unref();
    },
  };
}
