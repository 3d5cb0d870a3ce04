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
}

export function screenSpaceFor(screenWidth: number, screenHeight: number): ScreenSpace {
  const longEdge = Math.max(screenWidth, screenHeight);
  const scale = Math.min(1, MAX_LONG_EDGE / longEdge, Math.sqrt(MAX_PIXELS / (screenWidth * screenHeight)));
  let imageWidth = Math.max(1, Math.floor(screenWidth * scale));
  let imageHeight = Math.max(1, Math.floor(screenHeight * scale));
  // Flooring keeps both limits; recompute nothing else so mapping stays a single factor.
  if (imageWidth * imageHeight > MAX_PIXELS) {
    imageWidth -= 1;
    imageHeight -= 1;
  }
  return { screenWidth, screenHeight, imageWidth, imageHeight, scale: imageWidth / screenWidth };
}

/** Maps a point the model read off the image to the screen pixel it shows. */
export function toScreen(space: ScreenSpace, x: number, y: number): { x: number; y: number } {
  const sx = space.screenWidth / space.imageWidth;
  const sy = space.screenHeight / space.imageHeight;
  return {
    x: Math.min(space.screenWidth - 1, Math.floor((x + 0.5) * sx)),
    y: Math.min(space.screenHeight - 1, Math.floor((y + 0.5) * sy)),
  };
}

/** Maps a screen pixel to where it appears in the image. */
export function toImage(space: ScreenSpace, x: number, y: number): { x: number; y: number } {
  return {
    x: Math.min(space.imageWidth - 1, Math.floor((x * space.imageWidth) / space.screenWidth)),
    y: Math.min(space.imageHeight - 1, Math.floor((y * space.imageHeight) / space.screenHeight)),
  };
}

/** Token cost of an image as the vision models publish it: width x height / 750, after scaling. */
export function imageTokens(width: number, height: number): number {
  const space = screenSpaceFor(width, height);
  return Math.ceil((space.imageWidth * space.imageHeight) / 750);
}
