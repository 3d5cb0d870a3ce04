// In Electron the preload exposes the Bridge as window.chaperone; in a browser the panel talks HTTP to its own origin.
import type { Bridge } from '../../shared/bridge.js';
import { createHttpBridge } from './httpBridge.js';

declare global {
  interface Window {
    chaperone?: Bridge;
  }
}

export function pickBridge(): Bridge {
  return window.chaperone ?? createHttpBridge();
}
