// screenshot: what the model sees, and the coordinate space every other tool speaks.
import { z } from 'zod';
import { encodeForModel } from './screenImage.js';
import { screenCoordinate as coordinate, regionOnScreen } from '../screenSpaceState.js';
import { defineTool } from './toolDefinition.js';

const extent = z.number().int().min(1).max(100_000);

export const screenshotTool = defineTool({
  name: 'screenshot',
  title: 'Take a screenshot',
  description:
    'Captures the screen (or a region of it) and returns it as an image plus one text line with the screen size, image size and scale. ' +
    'The image is scaled down so its long edge is at most 1568 px and it has at most 1.15 megapixels. ' +
    'Every coordinate you give to move, click, drag, scroll, type and desktop_state is in the pixels of the FULL-screen screenshot image, not physical screen pixels. ' +
    'Use region {x, y, width, height} (also in full-screenshot pixels) to zoom in: the region is captured at full resolution and scaled by the same rule; the text line says how to map points in it back. ' +
    'Take a new screenshot after acting to see the result.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    region: z
      .object({ x: coordinate, y: coordinate, width: extent, height: extent })
      .optional()
      .describe('Part of the full-screen screenshot to capture, in full-screenshot pixels.'),
  },
  action: ({ region }, { drivers, screenSpace }) => ({
    async run() {
      const space = await screenSpace.current(drivers.screen);
      if (!region) {
        const image = await encodeForModel(await drivers.screen.capture());
        screenSpace.remember(space);
        return {
          content: [
            { type: 'image', data: image.data, mimeType: image.mimeType },
            {
              type: 'text',
              text: `Screen ${space.screenWidth}x${space.screenHeight}, image ${image.width}x${image.height}, scale ${image.space.scale.toFixed(3)} (coordinates you give are in image pixels)`,
            },
          ],
        };
      }
      const rect = regionOnScreen(space, region);
      const image = await encodeForModel(await drivers.screen.capture(rect));
      const perImagePixel = region.width / image.width;
      return {
        content: [
          { type: 'image', data: image.data, mimeType: image.mimeType },
          {
            type: 'text',
            text:
              `Region (${region.x}, ${region.y}) ${region.width}x${region.height} of the ${space.imageWidth}x${space.imageHeight} screenshot = screen pixels (${rect.x}, ${rect.y}) ${rect.width}x${rect.height}, captured at full resolution; ` +
              `image ${image.width}x${image.height}, scale ${image.space.scale.toFixed(3)}. Coordinates you give stay in full-screenshot pixels: ` +
              `a point (u, v) in this image is (${region.x} + u*${perImagePixel.toFixed(3)}, ${region.y} + v*${(region.height / image.height).toFixed(3)}) there.`,
          },
        ],
      };
    },
  }),
});
