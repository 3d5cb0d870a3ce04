// Windows typing: SendInput with KEYEVENTF_UNICODE from a persistent PowerShell helper, so any character types in any layout.
// Implemented and type-checked only: this repository's tests run on Linux/X11, so this route is untested here.
import { LineProtocolChild } from '../lineProtocolChild.js';
import { helperProcessTyper, type TextTyper } from '../textTyper.js';

const HELPER_SOURCE = String.raw`
using System;
using System.Runtime.InteropServices;
public static class ChaperoneTyper {
  [StructLayout(LayoutKind.Sequential)] struct MOUSEINPUT { public int dx; public int dy; public uint mouseData; public uint dwFlags; public uint time; public IntPtr dwExtraInfo; }
  [StructLayout(LayoutKind.Sequential)] struct KEYBDINPUT { public ushort wVk; public ushort wScan; public uint dwFlags; public uint time; public IntPtr dwExtraInfo; }
  [StructLayout(LayoutKind.Explicit)] struct INPUTUNION { [FieldOffset(0)] public MOUSEINPUT mi; [FieldOffset(0)] public KEYBDINPUT ki; }
  [StructLayout(LayoutKind.Sequential)] struct INPUT { public uint type; public INPUTUNION u; }
  [DllImport("user32.dll", SetLastError = true)] static extern uint SendInput(uint count, INPUT[] inputs, int size);
  static INPUT Key(ushort vk, ushort scan, uint flags) {
    INPUT input = new INPUT(); input.type = 1; input.u.ki.wVk = vk; input.u.ki.wScan = scan; input.u.ki.dwFlags = flags; return input;
  }
  static void Send(INPUT[] inputs) {
    if (SendInput((uint)inputs.Length, inputs, Marshal.SizeOf(typeof(INPUT))) != inputs.Length) throw new Exception("SendInput was blocked (error " + Marshal.GetLastWin32Error() + ")");
  }
  public static void Type(string text) {
    foreach (char unit in text) {
      if (unit == '\n') Send(new INPUT[] { Key(0x0D, 0, 0), Key(0x0D, 0, 2) });
      else if (unit == '\t') Send(new INPUT[] { Key(0x09, 0, 0), Key(0x09, 0, 2) });
      else Send(new INPUT[] { Key(0, unit, 4), Key(0, unit, 4 | 2) });
    }
  }
  public static void ReleaseModifiers() {
    foreach (ushort vk in new ushort[] { 0x10, 0x11, 0x12, 0x5B, 0x5C, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5 }) Send(new INPUT[] { Key(vk, 0, 2) });
  }
}
`;

const HELPER_LOOP = `
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
${HELPER_SOURCE}
'@
[Console]::Out.WriteLine('ready')
while ($null -ne ($line = [Console]::In.ReadLine())) {
  try {
    if ($line -eq 'release') { [ChaperoneTyper]::ReleaseModifiers() }
    else { [ChaperoneTyper]::Type([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($line))) }
    [Console]::Out.WriteLine('ok')
  } catch { [Console]::Out.WriteLine($_.Exception.Message -replace '\\r?\\n', ' ') }
}
`;

export async function openWindowsTyper(): Promise<TextTyper> {
  const script = Buffer.from(HELPER_LOOP, 'utf16le').toString('base64');
  const helper = await LineProtocolChild.start('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', script], 'Windows typing helper (PowerShell)');
  return helperProcessTyper(helper);
}
