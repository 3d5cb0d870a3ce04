import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeForModel, markTarget, thumbnail } from '../../../src/main/mcp/tools/screenImage.js';
import type { RawImage } from '../../../src/main/drivers/types.js';

function solid(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, channels: 4, data };
}

async function decodeDataUrl(url: string) {
  const match = /^data:(image\/[a-z]+);base64,(.+)$/.exec(url);
  assert.ok(match, 'not a base64 image data URL');
  return { mimeType: match[1], ...(await sharp(Buffer.from(match[2] ?? '', 'base64')).raw().toBuffer({ resolveWithObject: true })) };
}

test('a 2560x1440 screen becomes a 1429x804 PNG within the vision limits, with its scale', async () => {
  const image = await encodeForModel(solid(2560, 1440, [10, 20, 30]));
  assert.equal(image.mimeType, 'image/png');
  assert.equal(image.width, 1429);
  assert.equal(image.height, 804);
  assert.ok(image.width * image.height <= 1_150_000 && Math.max(image.width, image.height) <= 1568);
  assert.equal(image.space.screenWidth, 2560);
  assert.ok(Math.abs(image.space.scale - 1429 / 2560) < 1e-9);
  const meta = await sharp(Buffer.from(image.data, 'base64')).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.width, 1429);
  assert.equal(meta.height, 804);
});

test('a small screen is not scaled and keeps exact pixel values', async () => {
  const image = await encodeForModel(solid(800, 600, [1, 2, 3]));
  assert.equal(image.width, 800);
  assert.equal(image.space.scale, 1);
  const decoded = await sharp(Buffer.from(image.data, 'base64')).raw().toBuffer();
  assert.deepEqual([...decoded.subarray(0, 3)], [1, 2, 3]);
});

test('markTarget draws a visible red ring around the target on a fresh, scaled image', async () => {
  const url = await markTarget(solid(2560, 1440, [0, 0, 0]), { x: 1280, y: 720 });
  const image = await decodeDataUrl(url);
  assert.equal(image.mimeType, 'image/jpeg');
  assert.equal(image.info.width, 1429);
  let red = 0;
  const { data, info } = image;
  for (let i = 0; i < data.length; i += info.channels) if ((data[i] ?? 0) > 180 && (data[i + 1] ?? 0) < 80) red++;
  assert.ok(red > 200, `only ${red} red pixels`);
  const at = (y: number, x: number) => (y * info.width + x) * info.channels;
  const centre = at(402, 714);
  assert.ok((data[centre] ?? 0) > 150, 'the target point itself is not marked');
  assert.ok((data[at(50, 50)] ?? 255) < 30, 'the marker spills over the whole image');
});

test('thumbnail is a small JPEG 320 px wide keeping the aspect ratio', async () => {
  const image = await decodeDataUrl(await thumbnail(solid(1280, 800, [200, 100, 50])));
  assert.equal(image.mimeType, 'image/jpeg');
  assert.equal(image.info.width, 320);
  assert.equal(image.info.height, 200);
});

test('a malformed raw image gets a plain error', async () => {
  await assert.rejects(encodeForModel({ width: 10, height: 10, channels: 4, data: Buffer.alloc(10) }), /malformed/);
});
