// Remembers the screenshot space a session last saw (one display, or the whole desktop), so the coordinates it sends map back to the screen it read them from.
import { z } from 'zod';
import { screenSpaceFor, toScreen, type ScreenSpace } from '../../shared/screenSpace.js';
import type { DisplayInfo, Point, Rect, ScreenDriver } from '../drivers/types.js';
import { ToolInputError } from './tools/toolOutput.js';

/** A screenshot-space coordinate. Negative values pass the schema so the range check can answer with the valid range. */
export const screenCoordinate = z.number().int().min(-100_000).max(100_000);

/** The whole desktop rather than one display. */
export const WHOLE_DESKTOP = 'all';

function displayList(displays: DisplayInfo[]): string {
  return displays.map((d) => `${d.id} (${d.bounds.width}x${d.bounds.height} at ${d.bounds.x},${d.bounds.y}${d.primary ? ', primary' : ''})`).join(', ');
}

/** The area a display id (or "all") covers on the desktop; the primary display by default. */
export async function areaOf(screen: ScreenDriver, display: string | undefined): Promise<Rect> {
  const displays = await screen.displays();
  if (display === WHOLE_DESKTOP || displays.length === 0) {
    const size = await screen.size();
    return { x: 0, y: 0, width: size.width, height: size.height };
  }
  const wanted = display === undefined ? (displays.find((d) => d.primary) ?? displays[0]) : displays.find((d) => d.id === display);
  if (!wanted) throw new ToolInputError(`There is no display "${display}". Displays: ${displayList(displays)}, or "${WHOLE_DESKTOP}" for the whole desktop.`);
  return wanted.bounds;
}

export class ScreenSpaceState {
  private lastSeen: ScreenSpace | null = null;
  /** The display the session's latest screenshot showed; undefined means the primary one. */
  private display: string | undefined;

  remember(space: ScreenSpace, display?: string): void {
    this.lastSeen = space;
    this.display = display;
  }

  /** The display (or "all") the session's coordinates refer to. */
  get displayId(): string | undefined {
    return this.display;
  }

  /** The screenshot space right now, without the check that the session's coordinates still fit (for finding targets). */
  async peek(screen: ScreenDriver): Promise<ScreenSpace> {
    const area = await areaOf(screen, this.display);
    return screenSpaceFor(area.width, area.height, area.x, area.y);
  }

  /** The session's screenshot space right now; computed from the display so it holds before any screenshot. */
  async current(screen: ScreenDriver): Promise<ScreenSpace> {
    let space: ScreenSpace;
    try {
      space = await this.peek(screen);
    } catch (error) {
      // The display the session looked at is gone: its coordinates mean nothing now.
      this.lastSeen = null;
      this.display = undefined;
      throw error;
    }
    const seen = this.lastSeen;
    if (seen && (seen.screenWidth !== space.screenWidth || seen.screenHeight !== space.screenHeight || seen.originX !== space.originX || seen.originY !== space.originY)) {
      this.lastSeen = null;
      throw new ToolInputError(
        `The screen changed size from ${seen.screenWidth}x${seen.screenHeight} to ${space.screenWidth}x${space.screenHeight} since your last screenshot, so its coordinates no longer fit. Take a new screenshot and read the coordinates again.`,
      );
    }
    return space;
  }
}

function rangeSentence(space: ScreenSpace): string {
  return `x must be 0 to ${space.imageWidth - 1} and y 0 to ${space.imageHeight - 1} (the screenshot is ${space.imageWidth}x${space.imageHeight})`;
}

/** Maps a point read off the screenshot to the desktop pixel; off-image points are refused with the valid range. */
export function pointOnScreen(space: ScreenSpace, point: Point, label = 'The point'): Point {
  if (point.x >= space.imageWidth || point.y >= space.imageHeight || point.x < 0 || point.y < 0) {
    throw new ToolInputError(`${label} (${point.x}, ${point.y}) is outside the screenshot: ${rangeSentence(space)}.`);
  }
  return toScreen(space, point.x, point.y);
}

/** Maps a region of the screenshot to the desktop rectangle it shows. */
export function regionOnScreen(space: ScreenSpace, region: Rect): Rect {
  const right = region.x + region.width;
  const bottom = region.y + region.height;
  if (region.x < 0 || region.y < 0 || right > space.imageWidth || bottom > space.imageHeight) {
    throw new ToolInputError(
      `The region (${region.x}, ${region.y}) ${region.width}x${region.height} does not fit inside the ${space.imageWidth}x${space.imageHeight} screenshot: x + width must be at most ${space.imageWidth} and y + height at most ${space.imageHeight}.`,
    );
  }
  const perX = space.screenWidth / space.imageWidth;
  const perY = space.screenHeight / space.imageHeight;
  const x = Math.floor(region.x * perX);
  const y = Math.floor(region.y * perY);
  return {
    x: space.originX + x,
    y: space.originY + y,
    width: Math.max(1, Math.min(space.screenWidth, Math.ceil(right * perX)) - x),
    height: Math.max(1, Math.min(space.screenHeight, Math.ceil(bottom * perY)) - y),
  };
}
