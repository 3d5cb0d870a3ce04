// The stand-in for the `electron` module (the runtime cannot be installed here): records calls and lets tests fire events.
import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import type { ElectronApi } from '../../src/main/electron/electronApi.js';

type Listener = (...args: unknown[]) => unknown;

export class FakeEmitter {
  readonly emitter = new EventEmitter();
  on(event: string, listener: Listener): this {
    this.emitter.on(event, listener);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.emitter.once(event, listener);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    this.emitter.removeListener(event, listener);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitter.emit(event, ...args);
  }
}

/** An Electron-style event whose default can be prevented. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends FakeEmitter {
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  constructor(public mainFrame: FakeFrame = new FakeFrame('chaperone://panel/index.html')) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Where sent messages go besides `sent`: a test's stand-in renderer. */
  deliver: ((channel: string, payload: unknown) => void) | undefined;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    this.deliver?.(channel, payload);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  focused = false;
  bounds = { x: 0, y: 0, width: 1100, height: 760 };
  nativeId = 0x01a00003;
  loadedUrl: string | undefined;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isVisible(): boolean {
    return this.visible;
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  getNativeWindowHandle(): Buffer {
    const handle = Buffer.alloc(8);
    handle.writeUInt32LE(this.nativeId, 0);
    return handle;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export interface FakeMenu {
  items: MenuItemConstructorOptions[];
}

export class FakeTray extends FakeEmitter {
  static created: FakeTray[] = [];
  image: { path: string };
  tooltip = '';
  menu: FakeMenu | undefined;
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.image = image;
    FakeTray.created.push(this);
  }
  setImage(image: { path: string }): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  item(label: string): MenuItemConstructorOptions {
    const found = this.menu?.items.find((item) => item.label === label);
    if (found === undefined) throw new Error(`No tray menu item labelled ${label}`);
    return found;
  }
  /** Clicks a menu item the way Electron does, flipping a checkbox first. */
  click(label: string): void {
    const item = this.item(label);
    if (item.enabled === false) throw new Error(`Tray menu item ${label} is disabled`);
    const checked = item.type === 'checkbox' ? !item.checked : item.checked;
    (item.click as ((menuItem: { checked: boolean | undefined }) => void) | undefined)?.({ checked });
  }
}

export class FakeNotification extends FakeEmitter {
  static created: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  shown = false;
  closed = false;
  constructor(public readonly options: { title: string; body: string }) {
    super();
    FakeNotification.created.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
}

export class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  /** Accelerators another app holds: register returns false. */
  readonly taken = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    if (!/^[\w+]+$/.test(accelerator)) throw new TypeError(`Error processing argument at index 0, conversion failure from ${accelerator}`);
    if (this.taken.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
  press(accelerator: string): void {
    const callback = this.registered.get(accelerator);
    if (callback === undefined) throw new Error(`${accelerator} is not registered`);
    callback();
  }
}

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as a renderer would, from `sender` and its `frame`. */
  async invoke(channel: string, sender: FakeWebContents, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    const event = { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
    return handler(event, ...args);
  }
}

export class FakeSession {
  permissionRequestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export class FakeApp extends FakeEmitter {
  gotLock = true;
  quitCalls = 0;
  exitCode: number | undefined;
  loginItem = { openAtLogin: false, path: '', args: [] as string[] };
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  /** Like Electron: emits before-quit, and quits only when no listener prevented it. */
  quit(): void {
    this.quitCalls += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('quit');
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.loginItem.openAtLogin };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; path: string; args: string[] }): void {
    this.loginItem = settings;
  }
}

export interface FakeElectron {
  api: ElectronApi;
  app: FakeApp;
  ipcMain: FakeIpcMain;
  globalShortcut: FakeGlobalShortcut;
  session: FakeSession;
  clipboard: { text: string };
  errors: { title: string; content: string }[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  privilegedSchemes: unknown[];
  applicationMenu: { value: FakeMenu | null | undefined };
}

export function createFakeElectron(): FakeElectron {
  FakeBrowserWindow.created = [];
  FakeTray.created = [];
  FakeNotification.created = [];
  const app = new FakeApp();
  const ipcMain = new FakeIpcMain();
  const globalShortcut = new FakeGlobalShortcut();
  const session = new FakeSession();
  const clipboard = { text: '' };
  const errors: { title: string; content: string }[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const privilegedSchemes: unknown[] = [];
  const applicationMenu: { value: FakeMenu | null | undefined } = { value: undefined };
  const api = {
    app,
    BrowserWindow: FakeBrowserWindow,
    clipboard: { writeText: (text: string) => void (clipboard.text = text) },
    dialog: { showErrorBox: (title: string, content: string) => void errors.push({ title, content }) },
    globalShortcut,
    ipcMain,
    Menu: {
      buildFromTemplate: (items: MenuItemConstructorOptions[]): FakeMenu => ({ items }),
      setApplicationMenu: (menu: FakeMenu | null) => void (applicationMenu.value = menu),
    },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    Notification: FakeNotification,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: session },
    Tray: FakeTray,
  };
  return {
    api: api as unknown as ElectronApi,
    app,
    ipcMain,
    globalShortcut,
    session,
    clipboard,
    errors,
    protocolHandlers,
    privilegedSchemes,
    applicationMenu,
  };
}
