// Turns nut-js's screen grab (BGR(A) rows, maybe padded) into the RawImage the tools encode.
import type { RawImage } from './types.js';

export interface GrabbedImage {
  width: number;
  height: number;
  byteWidth: number;
  channels: number;
  colorMode: number;
  data: Buffer;
}

const COLOR_MODE_BGR = 0;

/** Copies rows (dropping any padding) and swaps BGR(A) to RGB(A) in one pass; cheaper than nut-js's own toRGB(). */
export function toRgba(image: GrabbedImage): RawImage {
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
