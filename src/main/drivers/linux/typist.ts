// Types exact text on X11 by keysym through XTEST; characters the layout lacks go on spare keycodes, remapped and restored.
import { setTimeout as sleep } from 'node:timers/promises';
import { checkTypable, typedCharacters, type TextTyper } from '../textTyper.js';
import type { ActionControl } from '../types.js';
import type { X11Connection } from './x11Connection.js';
import { sharedX11 } from './x11Display.js';

interface KeyStroke {
  keycode: number;
  shift: boolean;
}

const KEY_PRESS = 2;
const KEY_RELEASE = 3;
const XK_RETURN = 0xff0d;
const XK_TAB = 0xff09;
// Clients re-read the keymap when told it changed; remapping again before they have would retype the wrong key.
const REMAP_SETTLE_MS = 100;
// Borrowed keycodes are given back once clients have surely handled the last key (a following type() reuses them).
const RESTORE_DELAY_MS = 300;
// Paces keys to what clients consume, so a stop leaves almost nothing queued behind it (1,000 characters in ~2.5 s).
const KEY_INTERVAL_MS = 2.5;

/** The keysym X uses for a character: Latin-1 maps directly, everything else to the Unicode keysym range. */
export function keysymFor(character: string): number {
  if (character === '\n') return XK_RETURN;
  if (character === '\t') return XK_TAB;
  const code = character.codePointAt(0) ?? 0;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  return 0x01000000 + code;
}

export class X11Typist implements TextTyper {
  private readonly strokes = new Map<number, KeyStroke>();
  private readonly spares: number[] = [];
  private readonly modifierKeycodes: number[] = [];
  private readonly original = new Map<number, number[]>();
  /** keysym -> spare keycode it currently sits on. */
  private readonly onSpare = new Map<number, number>();
  private shiftKeycode = 0;
  /** The key that toggles Caps Lock (first in the Lock modifier's row), or 0 when there is none. */
  private lockKeycode = 0;
  private lastRemapAt = 0;
  private restoreTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly x: X11Connection,
    private readonly xtestOpcode: number,
    private readonly keysymsPerKeycode: number,
    mapping: Buffer,
    modifiers: Buffer,
  ) {
    const { minKeycode, maxKeycode } = x.setup;
    for (let keycode = minKeycode; keycode <= maxKeycode; keycode++) {
      const syms: number[] = [];
      for (let level = 0; level < keysymsPerKeycode; level++) syms.push(mapping.readUInt32LE(32 + ((keycode - minKeycode) * keysymsPerKeycode + level) * 4));
      this.original.set(keycode, syms);
      if (syms.every((sym) => sym === 0)) {
        // Keycode 8 is reserved by some servers; the rest of the empty ones are free to borrow.
        if (keycode > 8) this.spares.push(keycode);
        continue;
      }
      const [plain = 0, shifted = 0] = syms;
      if (plain !== 0 && !this.strokes.has(plain)) this.strokes.set(plain, { keycode, shift: false });
      if (shifted !== 0 && !this.strokes.has(shifted)) this.strokes.set(shifted, { keycode, shift: true });
    }
    const perModifier = modifiers[1] ?? 0;
    for (let i = 0; i < 8 * perModifier; i++) {
      const keycode = modifiers[32 + i] ?? 0;
      if (keycode !== 0) this.modifierKeycodes.push(keycode);
    }
    this.shiftKeycode = (modifiers.subarray(32, 32 + perModifier).find((keycode) => keycode !== 0) ?? 0);
    this.lockKeycode = modifiers.subarray(32 + perModifier, 32 + 2 * perModifier).find((keycode) => keycode !== 0) ?? 0;
    if (this.shiftKeycode === 0) for (const [sym, stroke] of this.strokes) if (stroke.shift) this.strokes.delete(sym);
  }

  /** Connects to the X server named by `display` and reads its keyboard mapping. */
  static async open(display: string): Promise<X11Typist> {
    const x = await sharedX11(display);
    const xtestOpcode = (await x.queryExtension('XTEST'))?.majorOpcode ?? 0;
    if (xtestOpcode === 0) throw new Error('The X server lacks the XTEST extension, so Chaperone cannot type; start it with XTEST enabled (Xorg and Xvfb have it by default).');
    const { minKeycode, maxKeycode } = x.setup;
    const mappingRequest = Buffer.alloc(8);
    mappingRequest[0] = 101;
    mappingRequest.writeUInt16LE(2, 2);
    mappingRequest[4] = minKeycode;
    mappingRequest[5] = maxKeycode - minKeycode + 1;
    const mapping = await x.request(mappingRequest);
    const modifierRequest = Buffer.alloc(4);
    modifierRequest[0] = 119;
    modifierRequest.writeUInt16LE(1, 2);
    const modifiers = await x.request(modifierRequest);
    return new X11Typist(x, xtestOpcode, mapping[1] ?? 0, mapping, modifiers);
  }

  async type(text: string, ctl: ActionControl): Promise<void> {
    checkTypable(text);
    const keysyms = typedCharacters(text).map(keysymFor);
    this.cancelRestore();
    // Clients capitalise every cased letter while Caps Lock is on, borrowed ones included (é would come out É):
    // it is off while typing, back on while a pause holds the typing, and back on at the end, also after a stop.
    let capsOff = false;
    const setCapsOff = async (off: boolean): Promise<void> => {
      if (capsOff === off) return;
      this.tap({ keycode: this.lockKeycode, shift: false });
      capsOff = off;
      await this.x.sync();
    };
    if (this.lockKeycode !== 0 && (await this.capsLockOn())) await setCapsOff(true);
    let due = performance.now();
    try {
      for (let i = 0; i < keysyms.length; i++) {
        const ahead = due - performance.now();
        if (ahead >= 1) await sleep(ahead);
        const keysym = keysyms[i] ?? 0;
        const stroke = this.strokes.get(keysym) ?? { keycode: this.onSpare.get(keysym) ?? (await this.placeOnSpares(keysyms, i, ctl.signal)), shift: false };
        // Last check before the key goes out, after any wait for a remap: a pause or stop meanwhile holds it.
        if (capsOff) await passGateGivingBackCapsLock(ctl, setCapsOff);
        else await ctl.gate();
        this.tap(stroke);
        await this.x.sync();
        // Keep the pace, but never catch up in a burst after a pause or a remap: bursts are what clients drop.
        due = Math.max(due + KEY_INTERVAL_MS, performance.now());
      }
    } finally {
      await setCapsOff(false);
      this.scheduleRestore();
    }
  }

  async releaseAll(): Promise<void> {
    this.cancelRestore();
    for (const keycode of new Set([...this.modifierKeycodes, ...this.onSpare.values()])) this.fakeKey(KEY_RELEASE, keycode);
    await this.restoreSpares();
    await this.x.sync();
  }

  private tap({ keycode, shift }: KeyStroke): void {
    if (shift) this.fakeKey(KEY_PRESS, this.shiftKeycode);
    this.fakeKey(KEY_PRESS, keycode);
    this.fakeKey(KEY_RELEASE, keycode);
    if (shift) this.fakeKey(KEY_RELEASE, this.shiftKeycode);
  }

  private fakeKey(type: number, keycode: number): void {
    const request = Buffer.alloc(36);
    request[0] = this.xtestOpcode;
    request[1] = 2;
    request.writeUInt16LE(9, 2);
    request[4] = type;
    request[5] = keycode;
    request.writeUInt32LE(this.x.setup.root, 12);
    this.x.send(request);
  }

  /** Puts the keysym at `index` and the next missing ones on the spare keycodes; returns the keycode for the first. */
  private async placeOnSpares(keysyms: number[], index: number, signal: AbortSignal): Promise<number> {
    if (this.spares.length === 0) {
      throw new Error('The keyboard map has no free keycode to borrow for characters the layout lacks; free one with xmodmap (e.g. "xmodmap -e \'keycode 248 =\'") and try again.');
    }
    await this.settle(signal);
    const wanted: number[] = [];
    for (let i = index; i < keysyms.length && wanted.length < this.spares.length; i++) {
      const keysym = keysyms[i] ?? 0;
      if (!this.strokes.has(keysym) && !wanted.includes(keysym)) wanted.push(keysym);
    }
    this.onSpare.clear();
    wanted.forEach((keysym, i) => {
      const keycode = this.spares[i] ?? 0;
      this.onSpare.set(keysym, keycode);
      this.changeMapping(keycode, [keysym, keysym]);
    });
    await this.x.sync();
    this.lastRemapAt = Date.now();
    // Clients re-read the keymap when told it changed; a key pressed before they have would come out wrong or not at all.
    await sleep(REMAP_SETTLE_MS, undefined, { signal });
    return this.onSpare.get(keysyms[index] ?? 0) ?? 0;
  }

  private scheduleRestore(): void {
    if (this.onSpare.size === 0) return;
    this.restoreTimer = setTimeout(() => {
      this.restoreTimer = null;
      this.restoreSpares().catch(() => undefined);
    }, RESTORE_DELAY_MS);
  }

  private cancelRestore(): void {
    if (this.restoreTimer) clearTimeout(this.restoreTimer);
    this.restoreTimer = null;
  }

  private async restoreSpares(): Promise<void> {
    if (this.onSpare.size === 0) return;
    for (const keycode of this.onSpare.values()) this.changeMapping(keycode, this.original.get(keycode) ?? [0]);
    this.onSpare.clear();
    this.lastRemapAt = Date.now();
    await this.x.sync();
  }

  private async settle(signal: AbortSignal): Promise<void> {
    const wait = this.lastRemapAt + REMAP_SETTLE_MS - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal });
  }

  private changeMapping(keycode: number, keysyms: number[]): void {
    const request = Buffer.alloc(8 + keysyms.length * 4);
    request[0] = 100;
    request[1] = 1;
    request.writeUInt16LE(2 + keysyms.length, 2);
    request[4] = keycode;
    request[5] = keysyms.length;
    keysyms.forEach((keysym, i) => request.writeUInt32LE(keysym, 8 + i * 4));
    this.x.send(request);
  }

  private async capsLockOn(): Promise<boolean> {
    const request = Buffer.alloc(8);
    request[0] = 38;
    request.writeUInt16LE(2, 2);
    request.writeUInt32LE(this.x.setup.root, 4);
    const reply = await this.x.request(request);
    return (reply.readUInt16LE(24) & 0x02) !== 0;
  }
}

/** Passes the gate; if it holds (a pause), Caps Lock is the person's again until it opens. */
async function passGateGivingBackCapsLock(ctl: ActionControl, setCapsOff: (off: boolean) => Promise<void>): Promise<void> {
  let passed = false;
  const gate = ctl.gate().then(() => {
    passed = true;
  });
  // A stop rejects it while we look away; the await below still throws it.
  gate.catch(() => undefined);
  // An open gate resolves within a turn of the event loop; typing is paced far slower than that.
  await new Promise((resolve) => setImmediate(resolve));
  if (passed) return;
  await setCapsOff(false);
  await gate;
  await setCapsOff(true);
}
