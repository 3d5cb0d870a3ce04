// Monitors on X11 over the shared X connection: RandR 1.5 monitors, else Xinerama screens, else the root window.
import type { DisplayInfo, Rect } from '../types.js';
import type { X11Connection } from './x11Connection.js';

const RR_QUERY_VERSION = 0;
const RR_GET_MONITORS = 42;
const XINERAMA_IS_ACTIVE = 4;
const XINERAMA_QUERY_SCREENS = 5;

interface Monitor {
  bounds: Rect;
  primary: boolean;
  name?: string;
  /** RandR made it for an output (rather than a person splitting the screen with xrandr --setmonitor). */
  automatic?: boolean;
}

function within(inner: Rect, outer: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

async function randrMonitors(x: X11Connection): Promise<Monitor[]> {
  const randr = await x.queryExtension('RANDR');
  if (!randr) return [];
  const version = Buffer.alloc(12);
  version[0] = randr.majorOpcode;
  version[1] = RR_QUERY_VERSION;
  version.writeUInt16LE(3, 2);
  version.writeUInt32LE(1, 4);
  version.writeUInt32LE(5, 8);
  const answered = await x.request(version);
  const major = answered.readUInt32LE(8);
  const minor = answered.readUInt32LE(12);
  if (major < 1 || (major === 1 && minor < 5)) return [];
  const request = Buffer.alloc(12);
  request[0] = randr.majorOpcode;
  request[1] = RR_GET_MONITORS;
  request.writeUInt16LE(3, 2);
  request.writeUInt32LE(x.setup.root, 4);
  request[8] = 1;
  const reply = await x.request(request);
  const count = reply.readUInt32LE(12);
  const monitors: Array<Monitor & { nameAtom: number }> = [];
  let at = 32;
  for (let i = 0; i < count && at + 24 <= reply.length; i++) {
    const outputs = reply.readUInt16LE(at + 6);
    monitors.push({
      nameAtom: reply.readUInt32LE(at),
      primary: reply[at + 4] === 1,
      automatic: reply[at + 5] === 1,
      bounds: { x: reply.readInt16LE(at + 8), y: reply.readInt16LE(at + 10), width: reply.readUInt16LE(at + 12), height: reply.readUInt16LE(at + 14) },
    });
    at += 24 + outputs * 4;
  }
  // An output's own monitor that a person has split into monitors of their own is not a display of its own.
  const kept = monitors.filter((m) => !(m.automatic && monitors.some((other) => other !== m && !other.automatic && within(other.bounds, m.bounds))));
  const names = await Promise.all(kept.map((m) => (m.nameAtom ? x.atomName(m.nameAtom).catch(() => '') : Promise.resolve(''))));
  return kept.map(({ nameAtom: _atom, automatic: _automatic, ...m }, i) => (names[i] ? { ...m, name: names[i] } : m));
}

async function xineramaScreens(x: X11Connection): Promise<Monitor[]> {
  const xinerama = await x.queryExtension('XINERAMA');
  if (!xinerama) return [];
  const active = Buffer.alloc(4);
  active[0] = xinerama.majorOpcode;
  active[1] = XINERAMA_IS_ACTIVE;
  active.writeUInt16LE(1, 2);
  if ((await x.request(active)).readUInt32LE(8) === 0) return [];
  const request = Buffer.alloc(4);
  request[0] = xinerama.majorOpcode;
  request[1] = XINERAMA_QUERY_SCREENS;
  request.writeUInt16LE(1, 2);
  const reply = await x.request(request);
  const count = reply.readUInt32LE(8);
  const screens: Monitor[] = [];
  // Xinerama has no primary; its first screen is the one X calls screen 0.
  for (let i = 0; i < count && 32 + i * 8 + 8 <= reply.length; i++) {
    const at = 32 + i * 8;
    screens.push({ primary: i === 0, bounds: { x: reply.readInt16LE(at), y: reply.readInt16LE(at + 2), width: reply.readUInt16LE(at + 4), height: reply.readUInt16LE(at + 6) } });
  }
  return screens;
}

/** The monitors, primary first, then in the server's order; ids "1", "2", … in that order. */
export async function x11Displays(x: X11Connection): Promise<DisplayInfo[]> {
  let monitors = await randrMonitors(x).catch(() => []);
  // With Xinerama on, RandR may report one monitor spanning everything; Xinerama's split is the truer one.
  if (monitors.length <= 1) {
    const screens = await xineramaScreens(x).catch(() => []);
    if (screens.length > monitors.length) monitors = screens;
  }
  if (monitors.length === 0) monitors = [{ primary: true, bounds: { x: 0, y: 0, width: x.setup.rootWidth, height: x.setup.rootHeight } }];
  if (!monitors.some((m) => m.primary)) monitors = monitors.map((m, i) => ({ ...m, primary: i === 0 }));
  const ordered = [...monitors.filter((m) => m.primary), ...monitors.filter((m) => !m.primary)];
  return ordered.map((m, i) => ({ id: String(i + 1), bounds: m.bounds, scale: 1, primary: m.primary, ...(m.name ? { name: m.name } : {}) }));
}
