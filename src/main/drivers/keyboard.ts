// Exact text through each OS's own typing route, and key chords through the driver child, with nothing ever left held down.
import { keyName, validKeyNames, type KeyName } from './keyNames.js';
import { openMacTyper } from './mac/typist.js';
import { sharedNativeHost, type NativeHost } from './nativeHost.js';
import type { TextTyper } from './textTyper.js';
import { DesktopUnavailableError, type ActionControl, type KeyboardDriver } from './types.js';
import { openWindowsTyper } from './win32/typist.js';
import { X11Keymap } from './linux/keymap.js';
import { X11Typist } from './linux/typist.js';

const MODIFIERS: readonly KeyName[] = ['shift', 'ctrl', 'alt', 'super'];

async function openTyper(): Promise<TextTyper> {
  if (process.platform === 'win32') return openWindowsTyper();
  if (process.platform === 'darwin') return openMacTyper();
  return X11Typist.open(process.env.DISPLAY ?? '');
}

/** Refuses, before anything is pressed, keys the X server's keyboard map lacks (F13–F24 on many layouts). */
async function checkOnKeymap(keymap: () => Promise<X11Keymap>, names: KeyName[]): Promise<void> {
  const missing = await (await keymap()).missing(names);
  if (missing.length === 0) return;
  const which = missing.map((name) => `"${name}"`).join(', ');
  throw new Error(
    `The X server's keyboard map (DISPLAY=${process.env.DISPLAY ?? ''}) has no key for ${which}, so nothing was pressed; use another key, or add it to the map (e.g. xmodmap -e "keycode 200 = F13").`,
  );
}

export function createKeyboardDriver(host: NativeHost = sharedNativeHost()): KeyboardDriver {
  let typer: Promise<TextTyper> | null = null;
  let keymap: Promise<X11Keymap> | null = null;
  const held: KeyName[] = [];
  // One keyboard, one action at a time: a second type() must not interleave its keys with the first.
  let queue: Promise<unknown> = Promise.resolve();

  function serially<T>(action: () => Promise<T>): Promise<T> {
    const run = queue.then(action, action);
    queue = run.catch(() => undefined);
    return run;
  }

  function currentTyper(): Promise<TextTyper> {
    typer ??= openTyper().catch((err: unknown) => {
      typer = null;
      throw err;
    });
    return typer;
  }

  function currentKeymap(): Promise<X11Keymap> {
    keymap ??= X11Keymap.open(process.env.DISPLAY ?? '').catch((err: unknown) => {
      keymap = null;
      throw err;
    });
    return keymap;
  }

  // No signal: a release must go out even after a stop.
  function release(key: KeyName): Promise<null> {
    return host.call({ op: 'key', key, down: false }, `releasing the ${key} key`);
  }

  return {
    type(text: string, ctl: ActionControl): Promise<void> {
      return serially(async () => {
        const problem = await host.problem();
        if (problem) throw new DesktopUnavailableError(problem);
        const active = await currentTyper();
        try {
          await active.type(text, ctl);
        } catch (err) {
          // A dropped connection is reopened on the next call rather than reused.
          if (err instanceof Error && /X connection/.test(err.message)) typer = null;
          throw err;
        }
      });
    },

    chord(keys: string[], ctl: ActionControl): Promise<void> {
      return serially(async () => {
        const names = keys.map((key) => {
          const name = typeof key === 'string' ? keyName(key) : undefined;
          if (!name) throw new Error(`Unknown key name "${String(key)}". ${validKeyNames()}`);
          return name;
        });
        if (names.length === 0) throw new Error('The chord has no keys.');
        if (process.platform !== 'win32' && process.platform !== 'darwin') {
          const problem = await host.problem();
          if (problem) throw new DesktopUnavailableError(problem);
          await checkOnKeymap(currentKeymap, names).catch((err: unknown) => {
            // A dropped connection is reopened on the next call rather than reused.
            if (err instanceof Error && /X connection/.test(err.message)) keymap = null;
            throw err;
          });
        }
        await ctl.gate();
        const unwatch = host.watch(ctl.signal);
        try {
          for (const key of names) {
            held.push(key);
            await host.call({ op: 'key', key, down: true }, `pressing the ${key} key`, ctl.signal);
          }
        } finally {
          try {
            while (held.length > 0) {
              const key = held.pop();
              if (key !== undefined) await release(key);
            }
          } finally {
            unwatch();
          }
        }
      });
    },

    async releaseAll(): Promise<void> {
      while (held.length > 0) {
        const key = held.pop();
        if (key !== undefined) await release(key);
      }
      for (const key of MODIFIERS) await release(key);
      if (typer) await (await typer).releaseAll();
    },
  };
}
