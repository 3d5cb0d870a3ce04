// Screen size and capture through nut-js, handed on as RGBA in physical pixels.
import { requireDesktop } from './desktopProbe.js';
import { x11Displays } from './linux/displays.js';
import { sharedX11 } from './linux/x11Display.js';
import { macDisplays } from './mac/displays.js';
import type { DisplayInfo, RawImage, Rect, ScreenDriver, Size } from './types.js';
import { win32Displays } from './win32/displays.js';

interface GrabbedImage {
  width: number;
  height: number;
  byteWidth: number;
  channels: number;
  colorMode: number;
  data: Buffer;
}

const COLOR_MODE_BGR = 0;

/** Copies rows (dropping any padding) and swaps BGR(A) to RGB(A) in one pass; cheaper than nut-js's own toRGB(). */
function toRgba(image: GrabbedImage): RawImage {
  const channels = image.channels === 3 ? 3 : 4;
  const rowBytes = image.width * channels;
  const out = Buffer.allocUnsafe(rowBytes * image.height);
  const swap = image.colorMode === COLOR_MODE_BGR;
  for (let y = 0; y < image.height; y++) {
    const src = y * image.byteWidth;
    const dst = y * rowBytes;
    image.data.copy(out, dst, src, src + rowBytes);
    if (!swap) continue;
    for (let i = dst; i < dst + rowBytes; i += channels) {
      const blue = out[i] ?? 0;
      out[i] = out[i + 2] ?? 0;
      out[i + 2] = blue;
    }
  }
  if (channels === 4) {
    // X servers leave the padding byte at 0; the model must not see a transparent screen.
    for (let i = 3; i < out.length; i += 4) out[i] = 255;
  }
  return { width: image.width, height: image.height, channels, data: out };
}

export function createScreenDriver(): ScreenDriver {
  async function size(): Promise<Size> {
    const nut = await requireDesktop();
    return { width: await nut.screen.width(), height: await nut.screen.height() };
  }

  return {
    size,
    async displays(): Promise<DisplayInfo[]> {
      if (process.platform === 'win32') return win32Displays();
      if (process.platform === 'darwin') return macDisplays();
      // requireDesktop says plainly why there is no X display (unset DISPLAY, Wayland, a server that is down).
      await requireDesktop();
      return x11Displays(await sharedX11(process.env.DISPLAY ?? ''));
    },
    async capture(region?: Rect): Promise<RawImage> {
      const nut = await requireDesktop();
      if (!region) return toRgba(await nut.screen.grab());
      const screen = await size();
      const x = Math.max(0, Math.floor(region.x));
      const y = Math.max(0, Math.floor(region.y));
      const width = Math.min(Math.floor(region.width), screen.width - x);
      const height = Math.min(Math.floor(region.height), screen.height - y);
      if (width < 1 || height < 1) {
        throw new Error(`The region ${region.x},${region.y} ${region.width}x${region.height} lies outside the ${screen.width}x${screen.height} screen.`);
      }
      return toRgba(await nut.screen.grabRegion(new nut.Region(x, y, width, height)));
    },
  };
}
