// The panel needs no camera, microphone, notifications API or any other permission: every request is refused.
import type { ElectronApi } from './electronApi.js';

type Session = ElectronApi['session']['defaultSession'];

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
