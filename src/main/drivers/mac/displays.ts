// Monitors on macOS through NSScreen (JavaScript for Automation). Untested here (Linux CI).
import type { DisplayInfo } from '../types.js';
import { runJxa } from './jxa.js';

// NSScreen frames are in points with the origin at the primary screen's bottom left; the pointer's space (CoreGraphics
// global coordinates) has it at the top left, so y flips against the primary screen's height. screens[0] is the primary.
const SCRIPT = `ObjC.import('AppKit');
const screens = ObjC.unwrap($.NSScreen.screens) || [];
const primaryHeight = screens.length > 0 ? screens[0].frame.size.height : 0;
JSON.stringify(screens.map((s, i) => {
  const f = s.frame;
  let name = '';
  try { name = ObjC.unwrap(s.localizedName) || ''; } catch (e) {}
  return { x: f.origin.x, y: primaryHeight - (f.origin.y + f.size.height), width: f.size.width, height: f.size.height, scale: s.backingScaleFactor, primary: i === 0, name };
}));`;

interface ScreenRow {
  x: number;
  y: number;
  width: number;
  height: number;
  scale: number;
  primary: boolean;
  name: string;
}

export async function macDisplays(): Promise<DisplayInfo[]> {
  const rows = JSON.parse((await runJxa(SCRIPT)).trim() || '[]') as ScreenRow[];
  return rows.map((r, i) => ({ id: String(i + 1), bounds: { x: r.x, y: r.y, width: r.width, height: r.height }, scale: r.scale || 1, primary: r.primary, ...(r.name ? { name: r.name } : {}) }));
}
