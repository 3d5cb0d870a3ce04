// The global Stop all shortcut from Settings.stopShortcut: registered at start and again whenever the setting changes.
import type { Supervisor } from '../core/types.js';
import type { ElectronApi } from './electronApi.js';

export interface ShortcutStatus {
  accelerator: string;
  registered: boolean;
  error?: string;
}

export interface StopShortcut {
  status(): ShortcutStatus;
  dispose(): void;
}

export function registerStopShortcut(
  globalShortcut: ElectronApi['globalShortcut'],
  supervisor: Supervisor,
  onChange: (status: ShortcutStatus) => void,
): StopShortcut {
  let current: ShortcutStatus = { accelerator: '', registered: false };
  const stopAll = (): void => {
    void supervisor.stop('shortcut', 'A person pressed the Stop all shortcut.');
  };

  const register = (accelerator: string): void => {
    if (current.registered) globalShortcut.unregister(current.accelerator);
    try {
      current = globalShortcut.register(accelerator, stopAll)
        ? { accelerator, registered: true }
        : { accelerator, registered: false, error: `The Stop all shortcut ${accelerator} could not be registered: another app probably uses it. Choose a different shortcut in Settings.` };
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      current = { accelerator, registered: false, error: `The Stop all shortcut ${accelerator} is not a valid shortcut (${cause}). Choose a different one in Settings.` };
    }
    onChange(current);
  };

  register(supervisor.settings().stopShortcut);
  const unsubscribe = supervisor.subscribe((event) => {
    if (event.type === 'settings' && event.settings.stopShortcut !== current.accelerator) register(event.settings.stopShortcut);
  });
  return {
    status: () => ({ ...current }),
    dispose: () => {
      unsubscribe();
      if (current.registered) globalShortcut.unregister(current.accelerator);
      current = { accelerator: current.accelerator, registered: false };
    },
  };
}
