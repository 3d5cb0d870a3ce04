// Screenshot space: what vision models read without resizing (long edge <= 1568 px, <= 1.15 MP).
export const MAX_LONG_EDGE = 1568;
export const MAX_PIXELS = 1_150_000;

export interface ScreenSpace {
  /** Physical screen (or region) size in pixels. */
  screenWidth: number;
  screenHeight: number;
  /** Size of the image the model sees. */
  imageWidth: number;
  imageHeight: number;
  /** image pixels per screen pixel (<= 1). */
  scale: number;
  /** Where the captured area starts on the desktop (a display other than the first, or a region). */
  originX: number;
  originY: number;
}

export function screenSpaceFor(screenWidth: number, screenHeight: number, originX = 0, originY = 0): ScreenSpace {
  const longEdge = Math.max(screenWidth, screenHeight);
  const scale = Math.min(1, MAX_LONG_EDGE / longEdge, Math.sqrt(MAX_PIXELS / (screenWidth * screenHeight)));
  let imageWidth = Math.max(1, Math.floor(screenWidth * scale));
  let imageHeight = Math.max(1, Math.floor(screenHeight * scale));
  // Flooring keeps both limits; recompute nothing else so mapping stays a single factor.
  if (imageWidth * imageHeight > MAX_PIXELS) {
    imageWidth -= 1;
    imageHeight -= 1;
  }
  return { screenWidth, screenHeight, imageWidth, imageHeight, scale: imageWidth / screenWidth, originX, originY };
}

/** Maps a point the model read off the image to the screen pixel it shows. */
export function toScreen(space: ScreenSpace, x: number, y: number): { x: number; y: number } {
  const sx = space.screenWidth / space.imageWidth;
  const sy = space.screenHeight / space.imageHeight;
  return {
    x: space.originX + Math.min(space.screenWidth - 1, Math.floor((x + 0.5) * sx)),
    y: space.originY + Math.min(space.screenHeight - 1, Math.floor((y + 0.5) * sy)),
  };
}

/** Maps a desktop pixel to where it appears in the image (clamped to the image's edges). */
export function toImage(space: ScreenSpace, x: number, y: number): { x: number; y: number } {
  return {
    x: Math.max(0, Math.min(space.imageWidth - 1, Math.floor(((x - space.originX) * space.imageWidth) / space.screenWidth))),
    y: Math.max(0, Math.min(space.imageHeight - 1, Math.floor(((y - space.originY) * space.imageHeight) / space.screenHeight))),
  };
}

/** Whether a desktop pixel lies inside the area a screen space shows. */
export function inSpace(space: ScreenSpace, x: number, y: number): boolean {
  return x >= space.originX && y >= space.originY && x < space.originX + space.screenWidth && y < space.originY + space.screenHeight;
}

/** Token cost of an image as the vision models publish it: width x height / 750, after scaling. */
export function imageTokens(width: number, height: number): number {
  const space = screenSpaceFor(width, height);
  return Math.ceil((space.imageWidth * space.imageHeight) / 750);
}
