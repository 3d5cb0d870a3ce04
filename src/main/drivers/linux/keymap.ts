// Which named keys the X server's keyboard map can produce: XTEST answers BadValue (ending an Xlib client) for a keysym the map lacks.
import type { KeyName } from '../keyNames.js';
import { X11Connection } from './x11Connection.js';

const NAMED: ReadonlyMap<KeyName, number> = new Map<KeyName, number>([
  ['ctrl', 0xffe3], ['shift', 0xffe1], ['alt', 0xffe9], ['super', 0xffeb],
  ['enter', 0xff0d], ['tab', 0xff09], ['escape', 0xff1b], ['space', 0x20], ['backspace', 0xff08], ['delete', 0xffff], ['insert', 0xff63],
  ['home', 0xff50], ['end', 0xff57], ['pageup', 0xff55], ['pagedown', 0xff56], ['up', 0xff52], ['down', 0xff54], ['left', 0xff51], ['right', 0xff53],
  ['minus', 0x2d], ['equal', 0x3d], ['bracketleft', 0x5b], ['bracketright', 0x5d], ['backslash', 0x5c], ['semicolon', 0x3b],
  ['quote', 0x27], ['grave', 0x60], ['comma', 0x2c], ['period', 0x2e], ['slash', 0x2f], ['plus', 0xffab],
  ['printscreen', 0xff61], ['scrolllock', 0xff14], ['pause', 0xff13], ['capslock', 0xffe5], ['numlock', 0xff7f], ['menu', 0xff67],
  ['volumeup', 0x1008ff13], ['volumedown', 0x1008ff11], ['mute', 0x1008ff12], ['playpause', 0x1008ff14], ['stop', 0x1008ff15],
  ['nexttrack', 0x1008ff17], ['prevtrack', 0x1008ff16],
]);

/** The keysym nut-js presses for a key name on X11. */
export function keysymOf(name: KeyName): number {
  const named = NAMED.get(name);
  if (named !== undefined) return named;
  if (/^[a-z0-9]$/.test(name)) return name.charCodeAt(0);
  if (/^numpad[0-9]$/.test(name)) return 0xffb0 + Number(name.slice(6));
  const f = /^f(\d+)$/.exec(name);
  if (f) return 0xffbe + Number(f[1]) - 1;
  throw new Error(`No X keysym is known for the key "${name}".`);
}

/** A held-open connection that reads the keyboard map afresh for each check (layouts change while Chaperone runs). */
export class X11Keymap {
  private constructor(private readonly x: X11Connection) {}

  static async open(display: string): Promise<X11Keymap> {
    return new X11Keymap(await X11Connection.open(display));
  }

  /** The names among `names` whose keysym no keycode of the current map carries. */
  async missing(names: readonly KeyName[]): Promise<KeyName[]> {
    const { minKeycode, maxKeycode } = this.x.setup;
    const request = Buffer.alloc(8);
    request[0] = 101;
    request.writeUInt16LE(2, 2);
    request[4] = minKeycode;
    request[5] = maxKeycode - minKeycode + 1;
    const reply = await this.x.request(request);
    const present = new Set<number>();
    for (let at = 32; at + 4 <= reply.length; at += 4) present.add(reply.readUInt32LE(at));
    return names.filter((name) => !present.has(keysymOf(name)));
  }

  close(): void {
    this.x.close();
  }
}
