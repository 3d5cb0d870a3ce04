// The clipboard on Windows through PowerShell; text travels as base64 so no console code page can mangle it. Untested here (Linux CI).
import { runPowerShell } from './powershell.js';
import type { ClipboardDriver } from '../types.js';

export function createWin32ClipboardDriver(): ClipboardDriver {
  return {
    async get() {
      const encoded = await runPowerShell('$t = Get-Clipboard -Raw; if ($null -eq $t) { $t = "" }; [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$t))');
      return Buffer.from(encoded.trim(), 'base64').toString('utf8');
    },

    async set(text) {
      const script = '$t = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String([Console]::In.ReadToEnd().Trim())); if ($t.Length -eq 0) { Set-Clipboard -Value $null } else { Set-Clipboard -Value $t }';
      await runPowerShell(script, { input: Buffer.from(text, 'utf8').toString('base64') });
    },
  };
}
