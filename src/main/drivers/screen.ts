// Screen size and capture through the driver child, handed on as RGBA in physical pixels.
import { sharedNativeHost, type NativeHost } from './nativeHost.js';
import type { DisplayInfo, RawImage, Rect, ScreenDriver, Size } from './types.js';

export function createScreenDriver(host: NativeHost = sharedNativeHost()): ScreenDriver {
  function size(): Promise<Size> {
    return host.call({ op: 'size' }, 'reading the screen size');
  }

  return {
    size,
    // One display spanning the desktop until the platform drivers list monitors.
    async displays(): Promise<DisplayInfo[]> {
      const { width, height } = await size();
      return [{ id: '1', bounds: { x: 0, y: 0, width, height }, scale: 1, primary: true }];
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
