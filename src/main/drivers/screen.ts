// Screen size and capture through the driver child, handed on as RGBA in physical pixels; monitors over each OS's own route.
import { x11Displays } from './linux/displays.js';
import { sharedX11 } from './linux/x11Display.js';
import { macDisplays } from './mac/displays.js';
import { sharedNativeHost, type NativeHost } from './nativeHost.js';
import { DesktopUnavailableError, type DisplayInfo, type RawImage, type Rect, type ScreenDriver, type Size } from './types.js';
import { win32Displays } from './win32/displays.js';

export function createScreenDriver(host: NativeHost = sharedNativeHost()): ScreenDriver {
  function size(): Promise<Size> {
    return host.call({ op: 'size' }, 'reading the screen size');
  }

  return {
    size,
    async displays(): Promise<DisplayInfo[]> {
      if (process.platform === 'win32') return win32Displays();
      if (process.platform === 'darwin') return macDisplays();
      // The probe says plainly why there is no X display (unset DISPLAY, Wayland, a server that is down).
      const problem = await host.problem();
      if (problem !== null) throw new DesktopUnavailableError(problem);
      return x11Displays(await sharedX11(process.env.DISPLAY ?? ''));
    },
    async capture(region?: Rect): Promise<RawImage> {
      if (!region) return received(await host.call({ op: 'grab' }, 'capturing the screen'));
      const screen = await size();
      const x = Math.max(0, Math.floor(region.x));
      const y = Math.max(0, Math.floor(region.y));
      const width = Math.min(Math.floor(region.width), screen.width - x);
      const height = Math.min(Math.floor(region.height), screen.height - y);
      if (width < 1 || height < 1) {
        throw new Error(`The region ${region.x},${region.y} ${region.width}x${region.height} lies outside the ${screen.width}x${screen.height} screen.`);
      }
      return received(await host.call({ op: 'grab', region: { x, y, width, height } }, 'capturing part of the screen'));
    },
  };
}

/** The IPC channel delivers a Buffer as a plain Uint8Array; the tools expect a Buffer (no copy). */
function received(image: RawImage): RawImage {
  const bytes: Uint8Array = image.data;
  return { ...image, data: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
