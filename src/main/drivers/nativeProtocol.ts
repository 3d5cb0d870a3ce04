// The messages between the server and its desktop driver child (nativeChild.ts): one request per native primitive.
import type { KeyName } from './keyNames.js';
import type { MouseButton, Point, RawImage, Rect, ScrollDirection, Size } from './types.js';

export type NativeRequest =
  | { op: 'size' }
  | { op: 'grab'; region?: Rect }
  /** Moves the cursor and answers where it landed, in one round trip. */
  | { op: 'place'; to: Point }
  | { op: 'position' }
  | { op: 'button'; button: MouseButton; down: boolean }
  | { op: 'scroll'; direction: ScrollDirection }
  | { op: 'key'; key: KeyName; down: boolean };

export type NativeOp = NativeRequest['op'];

export interface NativeResults {
  size: Size;
  grab: RawImage;
  place: Point;
  position: Point;
  button: null;
  scroll: null;
  key: null;
}

export type ToChild = { kind: 'call'; id: number; request: NativeRequest } | { kind: 'abort' };

export type FromChild =
  | { kind: 'ready' }
  | { kind: 'loadFailed'; message: string }
  | { kind: 'result'; id: number; value: NativeResults[NativeOp] }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'abortAck' };

/** The child's exit code when it saw its X connection close (the X server went away). */
export const EXIT_DISPLAY_CLOSED = 3;
