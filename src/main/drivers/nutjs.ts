// Loads nut-js once, on demand: its native module segfaults at load when no display is reachable, so only the driver child (nativeChild.ts) calls this, once the display is known reachable.
import type * as NutJsModule from '@nut-tree-fork/nut-js';

export type NutJs = typeof NutJsModule;

let loading: Promise<NutJs> | null = null;

/** Imports and configures nut-js (no built-in delays). Call only after the display is known reachable. */
export function importNutJs(): Promise<NutJs> {
  loading ??= import('@nut-tree-fork/nut-js').then(
    (nut) => {
      nut.mouse.config.autoDelayMs = 0;
      nut.keyboard.config.autoDelayMs = 0;
      return nut;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}
