// The tray icon and its menu: the icon and tooltip show the state; the menu drives the supervisor directly.
import type { MenuItemConstructorOptions } from 'electron';
import type { Supervisor } from '../core/types.js';
import type { ElectronApi } from './electronApi.js';
import type { LoginItem } from './loginItem.js';
import { trayIconPath, type TrayState, trayState, trayTooltip } from './trayIcons.js';

export interface TrayOptions {
  supervisor: Supervisor;
  appRoot: string;
  loginItem: LoginItem;
  clientConfig: () => Promise<string>;
  openPanel: () => void;
  quit: () => void;
  /** Told when copying the client config fails, in a plain sentence. */
  report: (message: string) => void;
  platform: NodeJS.Platform;
}

export interface ChaperoneTray {
  state(): TrayState;
  destroy(): void;
}

const BY = 'tray';

export function createTray(electron: Pick<ElectronApi, 'Tray' | 'Menu' | 'nativeImage' | 'clipboard'>, options: TrayOptions): ChaperoneTray {
  const { supervisor } = options;
  const icon = (state: TrayState) => electron.nativeImage.createFromPath(trayIconPath(options.appRoot, state));
  let shownState = trayState(supervisor.state().status, supervisor.state().pending);
  const tray = new electron.Tray(icon(shownState));

  const copyClientConfig = async (): Promise<void> => {
    try {
      electron.clipboard.writeText(await options.clientConfig());
    } catch (error) {
      options.report(`The client config could not be copied: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const menuTemplate = (): MenuItemConstructorOptions[] => {
    const { status, pending, reason } = supervisor.state();
    const stopped = status === 'stopped';
    return [
      { label: trayTooltip(status, pending, reason), enabled: false },
      { type: 'separator' },
      { label: 'Open panel', click: options.openPanel },
      status === 'paused'
        ? { label: 'Resume', click: () => supervisor.resume(BY) }
        : { label: 'Pause', enabled: !stopped, click: () => supervisor.pause(BY, 'Paused from the tray menu.') },
      { label: 'Stop all', enabled: !stopped, click: () => void supervisor.stop(BY, 'A person chose Stop all in the tray menu.') },
      { label: 'Re-arm', enabled: stopped, click: () => supervisor.rearm(BY) },
      { type: 'separator' },
      { label: 'Copy client config', click: () => void copyClientConfig() },
      { label: 'Start at login', type: 'checkbox', checked: options.loginItem.isEnabled(), click: (item) => options.loginItem.setEnabled(item.checked) },
      { type: 'separator' },
      { label: 'Quit', click: options.quit },
    ];
  };

  const refresh = (): void => {
    const { status, pending, reason } = supervisor.state();
    const state = trayState(status, pending);
    if (state !== shownState) {
      shownState = state;
      tray.setImage(icon(state));
    }
    tray.setToolTip(trayTooltip(status, pending, reason));
    tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate()));
  };

  // On macOS a click opens the menu; elsewhere it opens the panel, as tray apps there do.
  if (options.platform !== 'darwin') tray.on('click', options.openPanel);
  refresh();
  const unsubscribe = supervisor.subscribe((event) => {
    if (event.type === 'status' || event.type === 'pending') refresh();
  });
  return {
    state: () => shownState,
    destroy: () => {
      unsubscribe();
      tray.destroy();
    },
  };
}
