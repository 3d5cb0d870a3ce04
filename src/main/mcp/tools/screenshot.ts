// screenshot: what the model sees, and the coordinate space every other tool speaks.
import { z } from 'zod';
import { screenSpaceFor, toImage, type ScreenSpace } from '../../../shared/screenSpace.js';
import { ELEMENT_LINE_CAP, elementLines, type ListedElement } from '../elementBook.js';
import { areaOf, screenCoordinate as coordinate, regionOnScreen, WHOLE_DESKTOP } from '../screenSpaceState.js';
import { encodeForModel, encodeWithMarks, type Mark } from './screenImage.js';
import { defineTool } from './toolDefinition.js';

const extent = z.number().int().min(1).max(100_000);

function markOf(space: ScreenSpace, { id, element }: ListedElement): Mark {
  const at = toImage(space, element.bounds.x, element.bounds.y);
  return { id, x: at.x, y: at.y, width: Math.max(2, Math.round(element.bounds.width * space.scale)), height: Math.max(2, Math.round(element.bounds.height * space.scale)) };
}

function whereLine(space: ScreenSpace, display: string | undefined): string {
  return display === undefined && space.originX === 0 && space.originY === 0 ? '' : ` (display ${display ?? 'primary'}, at ${space.originX},${space.originY} on the desktop)`;
}

export const screenshotTool = defineTool({
  name: 'screenshot',
  title: 'Take a screenshot',
  description:
    'Captures the screen (or a region of it) and returns it as an image plus one text line with the screen size, image size and scale. ' +
    'The image is scaled down so its long edge is at most 1568 px and it has at most 1.15 megapixels. ' +
    'Every coordinate you give to move, click, drag, scroll, type and desktop_state is in the pixels of your latest full screenshot image, not physical screen pixels. ' +
    'Use region {x, y, width, height} (also in full-screenshot pixels) to zoom in: the region is captured at full resolution and scaled by the same rule; the text line says how to map points in it back. ' +
    'marks: true draws each interactive element\'s box and id on the image and lists them, so you can click by id. With several monitors, display picks one (see the displays tool). ' +
    'Take a new screenshot after acting to see the result.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  makesInput: false,
  inputSchema: {
    region: z
      .object({ x: coordinate, y: coordinate, width: extent, height: extent })
      .optional()
      .describe('Part of the full-screen screenshot to capture, in full-screenshot pixels.'),
    display: z
      .string()
      .min(1)
      .max(20)
      .optional()
      .describe(`A display id from the displays tool (default: the one your coordinates follow, at first the primary), or "${WHOLE_DESKTOP}" for every display together. Later coordinates follow the display of your latest screenshot.`),
    marks: z.boolean().default(false).describe("Draw each interactive element's box and id on the image (set-of-marks) and list the elements in the text."),
  },
  validate: ({ region, marks }) => (region && marks ? 'marks works on a full screenshot; leave out region to get them.' : undefined),
  action: ({ region, display, marks }, { drivers, screenSpace, elements }) => ({
    async run(ctx) {
      if (display !== undefined) {
        const area = await areaOf(drivers.screen, display);
        screenSpace.remember(screenSpaceFor(area.width, area.height, area.x, area.y), display);
      }
      const space = await screenSpace.current(drivers.screen);
      if (!region) {
        const whole = await drivers.screen.size();
        const all = space.originX === 0 && space.originY === 0 && space.screenWidth === whole.width && space.screenHeight === whole.height;
        const raw = await drivers.screen.capture(all ? undefined : { x: space.originX, y: space.originY, width: space.screenWidth, height: space.screenHeight });
        const snapshot = marks ? await elements.refresh(space, { signal: ctx.signal }) : null;
        const image = snapshot ? await encodeWithMarks(raw, snapshot.elements.slice(0, ELEMENT_LINE_CAP).map((item) => markOf(space, item))) : await encodeForModel(raw);
        screenSpace.remember(space, screenSpace.displayId);
        const lines = [
          `Screen ${space.screenWidth}x${space.screenHeight}${whereLine(space, screenSpace.displayId)}, image ${image.width}x${image.height}, scale ${image.space.scale.toFixed(3)} (coordinates you give are in image pixels)`,
        ];
        if (snapshot) {
          lines.push(...(snapshot.elements.length > 0 ? elementLines(snapshot.elements, space) : ['No interactive elements are listed for this screen.']));
          if (snapshot.problem) lines.push(snapshot.problem);
        }
        return {
          content: [
            { type: 'image', data: image.data, mimeType: image.mimeType },
            { type: 'text', text: lines.join('\n') },
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
