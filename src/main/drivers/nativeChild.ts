// The desktop driver child: hosts nut-js (libnut, Xlib) so an X error, a lost display or a segfault ends only this process.
import { toRgba } from './grabbedImage.js';
import type { KeyName } from './keyNames.js';
import { X11Connection } from './linux/x11Connection.js';
import { EXIT_DISPLAY_CLOSED, type FromChild, type NativeOp, type NativeRequest, type NativeResults, type ToChild } from './nativeProtocol.js';
import { importNutJs, type NutJs } from './nutjs.js';
import type { MouseButton } from './types.js';

type NutKey = NutJs['Key'][keyof NutJs['Key']];

// Often enough that a display gone while idle is noticed before the next call, cheap enough to go unnoticed.
const DISPLAY_WATCH_MS = 500;

function send(message: FromChild): void {
  process.send?.(message);
}

function nutButton(nut: NutJs, button: MouseButton) {
  if (button === 'left') return nut.Button.LEFT;
  if (button === 'right') return nut.Button.RIGHT;
  if (button === 'middle') return nut.Button.MIDDLE;
  throw new Error(`Unknown mouse button "${String(button)}"; use left, right or middle.`);
}

function nutKeyFor(nut: NutJs, name: KeyName): NutKey {
  const Key = nut.Key;
  const named = new Map<KeyName, NutKey>([
    ['ctrl', Key.LeftControl], ['shift', Key.LeftShift], ['alt', Key.LeftAlt], ['super', Key.LeftSuper],
    ['enter', Key.Enter], ['tab', Key.Tab], ['escape', Key.Escape], ['space', Key.Space], ['backspace', Key.Backspace],
    ['delete', Key.Delete], ['insert', Key.Insert], ['home', Key.Home], ['end', Key.End], ['pageup', Key.PageUp], ['pagedown', Key.PageDown],
    ['up', Key.Up], ['down', Key.Down], ['left', Key.Left], ['right', Key.Right],
    ['minus', Key.Minus], ['equal', Key.Equal], ['bracketleft', Key.LeftBracket], ['bracketright', Key.RightBracket],
    ['backslash', Key.Backslash], ['semicolon', Key.Semicolon], ['quote', Key.Quote], ['grave', Key.Grave],
    ['comma', Key.Comma], ['period', Key.Period], ['slash', Key.Slash], ['plus', Key.Add],
    ['printscreen', Key.Print], ['scrolllock', Key.ScrollLock], ['pause', Key.Pause], ['capslock', Key.CapsLock], ['numlock', Key.NumLock],
    ['menu', Key.Menu], ['volumeup', Key.AudioVolUp], ['volumedown', Key.AudioVolDown], ['mute', Key.AudioMute],
    ['playpause', Key.AudioPlay], ['stop', Key.AudioStop], ['nexttrack', Key.AudioNext], ['prevtrack', Key.AudioPrev],
  ]);
  const direct = named.get(name);
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
  const key = Object.hasOwn(Key, generated) ? (Key as unknown as Record<string, NutKey>)[generated] : undefined;
  if (key === undefined) throw new Error(`The key "${name}" cannot be pressed on this system.`);
  return key;
}

async function perform(nut: NutJs, request: NativeRequest): Promise<NativeResults[NativeOp]> {
  switch (request.op) {
    case 'size':
      return { width: await nut.screen.width(), height: await nut.screen.height() };
    case 'grab': {
      const r = request.region;
      return toRgba(await (r ? nut.screen.grabRegion(new nut.Region(r.x, r.y, r.width, r.height)) : nut.screen.grab()));
    }
    case 'place': {
      await nut.mouse.setPosition(new nut.Point(request.to.x, request.to.y));
      const landed = await nut.mouse.getPosition();
      return { x: landed.x, y: landed.y };
    }
    case 'position': {
      const at = await nut.mouse.getPosition();
      return { x: at.x, y: at.y };
    }
    case 'button': {
      const button = nutButton(nut, request.button);
      await (request.down ? nut.mouse.pressButton(button) : nut.mouse.releaseButton(button));
      return null;
    }
    case 'scroll': {
      const scroll = { up: nut.mouse.scrollUp, down: nut.mouse.scrollDown, left: nut.mouse.scrollLeft, right: nut.mouse.scrollRight }[request.direction];
      if (!scroll) throw new Error(`Unknown scroll direction "${String(request.direction)}"; use up, down, left or right.`);
      await scroll.call(nut.mouse, 1);
      return null;
    }
    case 'key': {
      const key = nutKeyFor(nut, request.key);
      await (request.down ? nut.keyboard.pressKey(key) : nut.keyboard.releaseKey(key));
      return null;
    }
  }
}

/** Ends this process once its X connection closes, rather than letting Xlib find out in the middle of a call. */
async function watchDisplay(): Promise<void> {
  const display = process.env.DISPLAY;
  if (process.platform === 'win32' || process.platform === 'darwin' || !display) return;
  const x = await X11Connection.open(display);
  setInterval(() => x.sync().catch(() => process.exit(EXIT_DISPLAY_CLOSED)), DISPLAY_WATCH_MS).unref();
}

async function main(): Promise<void> {
  // The server going away (or closing the channel) ends the driver with it.
  process.on('disconnect', () => process.exit(0));
  let nut: NutJs;
  try {
    nut = await importNutJs();
    await watchDisplay();
  } catch (err) {
    send({ kind: 'loadFailed', message: err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err) });
    return;
  }
  process.on('message', (message: ToChild) => {
    if (message.kind === 'abort') {
      // Each primitive is short; answering proves this loop is free, so nothing of the stopped call runs on.
      send({ kind: 'abortAck' });
      return;
    }
    perform(nut, message.request).then(
      (value) => send({ kind: 'result', id: message.id, value }),
      (err: unknown) => send({ kind: 'error', id: message.id, message: err instanceof Error ? err.message : String(err) }),
    );
  });
  send({ kind: 'ready' });
}

void main();
