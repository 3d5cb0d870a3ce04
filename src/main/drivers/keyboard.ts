// Exact text through each OS's own typing route, and key chords through nut-js, with nothing ever left held down.
import { requireDesktop } from './desktopProbe.js';
import { KEY_NAMES, type KeyName } from './keyNames.js';
import { openMacTyper } from './mac/typist.js';
import type { NutJs } from './nutjs.js';
import type { TextTyper } from './textTyper.js';
import type { ActionControl, KeyboardDriver } from './types.js';
import { openWindowsTyper } from './win32/typist.js';
import { X11Typist } from './linux/typist.js';

type NutKey = NutJs['Key'][keyof NutJs['Key']];

function nutKeyFor(nut: NutJs, name: KeyName): NutKey {
  const Key = nut.Key;
  const named: Partial<Record<KeyName, NutKey>> = {
    ctrl: Key.LeftControl, shift: Key.LeftShift, alt: Key.LeftAlt, super: Key.LeftSuper,
    enter: Key.Enter, tab: Key.Tab, escape: Key.Escape, space: Key.Space, backspace: Key.Backspace,
    delete: Key.Delete, insert: Key.Insert, home: Key.Home, end: Key.End, pageup: Key.PageUp, pagedown: Key.PageDown,
    up: Key.Up, down: Key.Down, left: Key.Left, right: Key.Right,
    minus: Key.Minus, equal: Key.Equal, bracketleft: Key.LeftBracket, bracketright: Key.RightBracket,
    backslash: Key.Backslash, semicolon: Key.Semicolon, quote: Key.Quote, grave: Key.Grave,
    comma: Key.Comma, period: Key.Period, slash: Key.Slash, plus: Key.Add,
    printscreen: Key.Print, scrolllock: Key.ScrollLock, pause: Key.Pause, capslock: Key.CapsLock, numlock: Key.NumLock,
    menu: Key.Menu, volumeup: Key.AudioVolUp, volumedown: Key.AudioVolDown, mute: Key.AudioMute,
    playpause: Key.AudioPlay, stop: Key.AudioStop, nexttrack: Key.AudioNext, prevtrack: Key.AudioPrev,
  };
  const direct = named[name];
  if (direct !== undefined) return direct;
  const generated = /^[a-z]$/.test(name)
    ? name.toUpperCase()
    : /^[0-9]$/.test(name)
      ? `Num${name}`
      : /^numpad[0-9]$/.test(name)
        ? `NumPad${name.slice(6)}`
        : /^f([1-9]|1[0-9]|2[0-4])$/.test(name)
          ? name.toUpperCase()
          : '';
  const key = (Key as unknown as Record<string, NutKey | undefined>)[generated];
  if (key === undefined) throw new Error(`The key "${name}" cannot be pressed on this system.`);
  return key;
}

async function openTyper(): Promise<TextTyper> {
  if (process.platform === 'win32') return openWindowsTyper();
  if (process.platform === 'darwin') return openMacTyper();
  return X11Typist.open(process.env.DISPLAY ?? '');
}

export function createKeyboardDriver(): KeyboardDriver {
  let typer: Promise<TextTyper> | null = null;
  const held: NutKey[] = [];
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

  return {
    type(text: string, ctl: ActionControl): Promise<void> {
      return serially(async () => {
        await requireDesktop();
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
          const name = KEY_NAMES[key.toLowerCase()];
          if (!name) throw new Error(`Unknown key name "${key}"; see the key tool's list of names.`);
          return name;
        });
        if (names.length === 0) throw new Error('The chord has no keys.');
        const nut = await requireDesktop();
        const nutKeys = names.map((name) => nutKeyFor(nut, name));
        await ctl.gate();
        try {
          for (const key of nutKeys) {
            held.push(key);
            await nut.keyboard.pressKey(key);
          }
        } finally {
          while (held.length > 0) {
            const key = held.pop();
            if (key !== undefined) await nut.keyboard.releaseKey(key);
          }
        }
      });
    },

    async releaseAll(): Promise<void> {
      const nut = await requireDesktop();
      while (held.length > 0) {
        const key = held.pop();
        if (key !== undefined) await nut.keyboard.releaseKey(key);
      }
      for (const key of [nut.Key.LeftShift, nut.Key.LeftControl, nut.Key.LeftAlt, nut.Key.LeftSuper]) await nut.keyboard.releaseKey(key);
      if (typer) await (await typer).releaseAll();
    },
  };
}
