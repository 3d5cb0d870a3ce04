// Turns raw screen pixels into what the model reads (scaled PNG), what an approval shows (target marked) and feed thumbnails.
import sharp, { type Sharp } from 'sharp';
import { screenSpaceFor, toImage, type ScreenSpace } from '../../../shared/screenSpace.js';
import type { Point, RawImage } from '../../drivers/types.js';

export interface ModelImage {
  /** Base64, no data: prefix. */
  data: string;
  mimeType: string;
  width: number;
  height: number;
  space: ScreenSpace;
}

const THUMBNAIL_WIDTH = 320;

function pixels(raw: RawImage): Sharp {
  if (raw.width < 1 || raw.height < 1 || raw.data.length < raw.width * raw.height * raw.channels) {
    throw new Error(`The screen image is malformed (${raw.width}x${raw.height}, ${raw.channels} channels, ${raw.data.length} bytes).`);
  }
  const image = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
  return raw.channels === 4 ? image.removeAlpha() : image;
}

function scaled(raw: RawImage, space: ScreenSpace): Sharp {
  const image = pixels(raw);
  if (space.imageWidth === raw.width && space.imageHeight === raw.height) return image;
  return image.resize(space.imageWidth, space.imageHeight, { fit: 'fill' });
}

/**
 * Scales to the model's screenshot space and encodes as PNG: lossless keeps small text and thin edges exact,
 * and at compression level 3 it encodes a 1280x800 screen in under 10 ms (faster than JPEG at a readable quality).
 */
export async function encodeForModel(raw: RawImage): Promise<ModelImage> {
  const space = screenSpaceFor(raw.width, raw.height);
  const png = await scaled(raw, space).png({ compressionLevel: 3 }).toBuffer();
  return { data: png.toString('base64'), mimeType: 'image/png', width: space.imageWidth, height: space.imageHeight, space };
}

function targetMarker(width: number, height: number, at: Point): Buffer {
  const radius = Math.max(14, Math.round(Math.min(width, height) / 40));
  const arm = radius * 2;
  const { x, y } = at;
  const lines = `M${x - arm},${y} L${x - radius / 3},${y} M${x + radius / 3},${y} L${x + arm},${y} M${x},${y - arm} L${x},${y - radius / 3} M${x},${y + radius / 3} L${x},${y + arm}`;
  // A white halo under the red marks keeps them visible on dark and red backgrounds alike.
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<circle cx="${x}" cy="${y}" r="${radius}" fill="none" stroke="white" stroke-width="7"/>` +
      `<path d="${lines}" stroke="white" stroke-width="6"/>` +
      `<circle cx="${x}" cy="${y}" r="${radius}" fill="none" stroke="#e00000" stroke-width="3.5"/>` +
      `<path d="${lines}" stroke="#e00000" stroke-width="2.5"/>` +
      `<circle cx="${x}" cy="${y}" r="2.5" fill="#e00000"/>` +
      `</svg>`,
  );
}

/** The screen (scaled like the model's image) with a ring and crosshair at `point` (screen pixels), as a JPEG data URL. */
export async function markTarget(raw: RawImage, point: Point): Promise<string> {
  const space = screenSpaceFor(raw.width, raw.height);
  const at = toImage(space, Math.max(0, point.x), Math.max(0, point.y));
  const base = await scaled(raw, space).toBuffer();
  const jpeg = await sharp(base, { raw: { width: space.imageWidth, height: space.imageHeight, channels: 3 } })
    .composite([{ input: targetMarker(space.imageWidth, space.imageHeight, at), top: 0, left: 0 }])
    .jpeg({ quality: 80 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** A set-of-marks box: an element's rectangle in image pixels and its id. */
export interface Mark {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The colour of set-of-marks boxes: rare on screens, so the model (and a test) can tell a box from the page. */
export const MARK_COLOUR = { r: 255, g: 0, b: 200 };

function marksOverlay(width: number, height: number, marks: Mark[]): Buffer {
  const colour = `rgb(${MARK_COLOUR.r},${MARK_COLOUR.g},${MARK_COLOUR.b})`;
  const parts = marks.map((m) => {
    const labelWidth = 7 * m.id.length + 6;
    const labelY = m.y >= 14 ? m.y - 14 : m.y;
    return (
      `<rect x="${m.x + 1}" y="${m.y + 1}" width="${Math.max(1, m.width - 2)}" height="${Math.max(1, m.height - 2)}" fill="none" stroke="${colour}" stroke-width="2"/>` +
      `<rect x="${m.x}" y="${labelY}" width="${labelWidth}" height="14" fill="${colour}"/>` +
      `<text x="${m.x + 3}" y="${labelY + 11}" font-family="DejaVu Sans Mono, monospace" font-size="11" fill="white">${m.id}</text>`
    );
  });
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`);
}

/** The model's image with each mark's box and id drawn on it (set-of-marks), as PNG. */
export async function encodeWithMarks(raw: RawImage, marks: Mark[]): Promise<ModelImage> {
  const space = screenSpaceFor(raw.width, raw.height);
  const base = await scaled(raw, space).toBuffer();
  const png = await sharp(base, { raw: { width: space.imageWidth, height: space.imageHeight, channels: 3 } })
    .composite([{ input: marksOverlay(space.imageWidth, space.imageHeight, marks), top: 0, left: 0 }])
    .png({ compressionLevel: 3 })
    .toBuffer();
  return { data: png.toString('base64'), mimeType: 'image/png', width: space.imageWidth, height: space.imageHeight, space };
}

/** A small JPEG data URL (320 px wide) for the action feed. */
export async function thumbnail(raw: RawImage): Promise<string> {
  const width = Math.min(THUMBNAIL_WIDTH, raw.width);
  const height = Math.max(1, Math.round((raw.height * width) / raw.width));
  const jpeg = await pixels(raw).resize(width, height, { fit: 'fill' }).jpeg({ quality: 70 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
