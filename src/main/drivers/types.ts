// The small interfaces every OS driver implements. Drivers know no MCP and no supervisor.

export interface Point {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}
export interface Rect extends Point, Size {}

/**
 * Given to every driver action. Drivers call `gate()` between steps (each character typed,
 * each scroll notch, each drag step): it resolves at once normally, waits while a person has
 * paused Chaperone, and rejects with an AbortError once `signal` is aborted (kill switch).
 */
export interface ActionControl {
  readonly signal: AbortSignal;
  gate(): Promise<void>;
}

/** Thrown when the desktop cannot be reached; the message names the cause and the fix. */
export class DesktopUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DesktopUnavailableError';
  }
}

/** Raw pixels in physical screen resolution. */
export interface RawImage {
  width: number;
  height: number;
  channels: 3 | 4;
  /** Pixel order RGBA (or RGB), row-major, no padding. */
  data: Buffer;
}

/** One monitor, in desktop pixels (the coordinate space the pointer driver uses). */
export interface DisplayInfo {
  /** Short and stable while the layout stays: "1", "2", … in the OS's order. */
  id: string;
  bounds: Rect;
  /** Physical pixels per logical pixel (1 on X11 without scaling). */
  scale: number;
  primary: boolean;
  /** The OS's name for it, e.g. "HDMI-1", where it has one. */
  name?: string;
}

export interface ScreenDriver {
  /** Size of the whole desktop (every display together). */
  size(): Promise<Size>;
  /** Full screen or a region, in physical pixels. */
  capture(region?: Rect): Promise<RawImage>;
  /** The monitors that make up the desktop, primary first. */
  displays(): Promise<DisplayInfo[]>;
}

export type MouseButton = 'left' | 'right' | 'middle';
export type ScrollDirection = 'up' | 'down' | 'left' | 'right';

export interface PointerDriver {
  position(): Promise<Point>;
  moveTo(to: Point, ctl: ActionControl): Promise<void>;
  click(at: Point, button: MouseButton, clicks: number, ctl: ActionControl): Promise<void>;
  drag(from: Point, to: Point, button: MouseButton, ctl: ActionControl): Promise<void>;
  scroll(at: Point | undefined, direction: ScrollDirection, notches: number, ctl: ActionControl): Promise<void>;
  /** Releases every button this driver may hold down (kill switch, shutdown). */
  releaseAll(): Promise<void>;
  /** Where the driver last left the cursor, or null while a move is in flight or before any move. */
  lastPlaced(): Point | null;
}

export interface KeyboardDriver {
  /** Produces exactly `text` in the focused field, whatever the keyboard layout. */
  type(text: string, ctl: ActionControl): Promise<void>;
  /** Presses a chord of validated key names (see keyNames.ts), e.g. ['ctrl','shift','t']. */
  chord(keys: string[], ctl: ActionControl): Promise<void>;
  /** Releases every key this driver may hold down (kill switch, shutdown). */
  releaseAll(): Promise<void>;
}

export interface WindowInfo {
  id: string;
  title: string;
  app: string;
  pid: number;
  bounds: Rect;
  focused: boolean;
}

export interface WindowsDriver {
  /** Open top-level windows, topmost first where the OS says. */
  list(): Promise<WindowInfo[]>;
  focused(): Promise<WindowInfo | null>;
  /** The topmost top-level window whose frame contains `point` (desktop pixels), or null over the bare desktop. */
  at(point: Point): Promise<WindowInfo | null>;
  /** Launches an app by name or command; resolves once its first window shows (or after a timeout). */
  launch(name: string, ctl: ActionControl): Promise<{ pid: number; window: WindowInfo | null }>;
  /** Focuses the first window whose title or app matches `name` (case-insensitive substring). */
  focus(name: string, ctl: ActionControl): Promise<WindowInfo>;
  /** Closes the first window whose title or app matches `name`, politely. */
  close(name: string, ctl: ActionControl): Promise<WindowInfo>;
}

export interface ClipboardDriver {
  get(): Promise<string>;
  set(text: string): Promise<void>;
}

export interface ShellRequest {
  command: string;
  cwd?: string;
  timeoutMs: number;
  /** Cap per stream, in bytes. */
  maxBytes: number;
}
export interface ShellResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  durationMs: number;
}
export interface ShellDriver {
  /** Runs in its own process group; abort or timeout kills the whole tree. */
  run(request: ShellRequest, ctl: ActionControl): Promise<ShellResult>;
}

export interface FetchedPage {
  url: string;
  status: number;
  contentType: string;
  title: string;
  markdown: string;
  truncated: boolean;
}
export interface PageFetcher {
  fetch(url: string, ctl: ActionControl): Promise<FetchedPage>;
}

/** One interactive element of the accessibility tree (AT-SPI, UI Automation, AX), in desktop pixels. */
export interface ElementInfo {
  /** Lower-case plain role: "button", "link", "text field", "check box", "menu item", "list", "scroll area", … */
  role: string;
  /** The accessible name, capped in length. */
  name: string;
  value?: string;
  /** "focused", "disabled", "checked", "selected", "expanded", "editable", … */
  states: string[];
  bounds: Rect;
  window: { id?: string; title: string; app: string; pid: number };
  /** For scrollable areas: the scroll position in percent (0 top/left, 100 bottom/right) where the platform says. */
  scroll?: { vertical?: number; horizontal?: number };
}

export interface AccessibilitySnapshot {
  /** Visible windows' interactive elements, the focused window's first. */
  elements: ElementInfo[];
  /** Set when the tree could not be read in full or at all: one line that names the cause and the remedy. */
  problem: string | null;
}

export interface AccessibilityDriver {
  /** A snapshot of the visible windows' interactive elements; `window` limits it to windows whose title or app contains it. */
  snapshot(options?: { window?: string; signal?: AbortSignal }): Promise<AccessibilitySnapshot>;
  /** The deepest interactive element at a desktop point, or null. */
  elementAt(point: Point): Promise<ElementInfo | null>;
  /** The element holding the keyboard focus, or null. */
  focusedElement(): Promise<ElementInfo | null>;
  /**
   * Where the platform sends tree events (AT-SPI): calls `listener` whenever elements may have appeared,
   * gone, moved or changed state, so `wait_for` can look again at once instead of polling. Returns the
   * unsubscribe. Absent where there are no events; then poll.
   */
  onChange?(listener: () => void): () => void;
}

/** Everything the tools need from the OS. Each member may throw DesktopUnavailableError. */
export interface Drivers {
  screen: ScreenDriver;
  pointer: PointerDriver;
  keyboard: KeyboardDriver;
  windows: WindowsDriver;
  clipboard: ClipboardDriver;
  shell: ShellDriver;
  pages: PageFetcher;
  accessibility: AccessibilityDriver;
  /** Why desktop tools cannot work right now, or null when they can. Asks the display afresh while no driver runs. */
  desktopProblem(): Promise<string | null>;
  /** Ends what the drivers started (the desktop driver child); whoever created the drivers calls it at shutdown. */
  close?(): Promise<void>;
}
