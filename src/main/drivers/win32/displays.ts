// Monitors on Windows through user32/shcore from the persistent PowerShell helper. Untested here (Linux CI).
import { runPowerShell } from './powershell.js';
import type { DisplayInfo } from '../types.js';

// Per-monitor DPI awareness first, so bounds come in physical pixels (the pointer's space) rather than scaled ones.
const SCRIPT = `
Add-Type -TypeDefinition @"
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
public static class ChaperoneMonitors {
  [StructLayout(LayoutKind.Sequential)] public struct RECT { public int Left, Top, Right, Bottom; }
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] public struct MONITORINFOEX {
    public int cbSize; public RECT rcMonitor; public RECT rcWork; public uint dwFlags;
    [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string szDevice; }
  public delegate bool MonitorEnumProc(IntPtr m, IntPtr dc, ref RECT r, IntPtr data);
  [DllImport("user32.dll")] public static extern bool EnumDisplayMonitors(IntPtr dc, IntPtr clip, MonitorEnumProc cb, IntPtr data);
  [DllImport("user32.dll", CharSet = CharSet.Unicode)] public static extern bool GetMonitorInfo(IntPtr m, ref MONITORINFOEX info);
  [DllImport("user32.dll")] public static extern bool SetProcessDpiAwarenessContext(IntPtr value);
  [DllImport("shcore.dll")] public static extern int GetDpiForMonitor(IntPtr m, int kind, out uint dpiX, out uint dpiY);
  public static List<object[]> All() {
    SetProcessDpiAwarenessContext(new IntPtr(-4));
    var found = new List<object[]>();
    EnumDisplayMonitors(IntPtr.Zero, IntPtr.Zero, (IntPtr m, IntPtr dc, ref RECT r, IntPtr data) => {
      var info = new MONITORINFOEX(); info.cbSize = Marshal.SizeOf(typeof(MONITORINFOEX));
      GetMonitorInfo(m, ref info);
      uint dx = 96, dy = 96;
      try { GetDpiForMonitor(m, 0, out dx, out dy); } catch (Exception) { }
      var rc = info.rcMonitor;
      found.Add(new object[] { info.szDevice, rc.Left, rc.Top, rc.Right - rc.Left, rc.Bottom - rc.Top, (info.dwFlags & 1) != 0, dx / 96.0 });
      return true;
    }, IntPtr.Zero);
    return found;
  }
}
"@
$rows = foreach ($m in [ChaperoneMonitors]::All()) {
  [pscustomobject]@{ name = $m[0]; x = $m[1]; y = $m[2]; width = $m[3]; height = $m[4]; primary = $m[5]; scale = $m[6] }
}
ConvertTo-Json -Compress -InputObject @($rows)
`;

interface MonitorRow {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  primary: boolean;
  scale: number;
}

export async function win32Displays(): Promise<DisplayInfo[]> {
  const rows = JSON.parse((await runPowerShell(SCRIPT)).trim() || '[]') as MonitorRow[];
  const ordered = [...rows.filter((r) => r.primary), ...rows.filter((r) => !r.primary)];
  return ordered.map((r, i) => ({ id: String(i + 1), bounds: { x: r.x, y: r.y, width: r.width, height: r.height }, scale: r.scale || 1, primary: r.primary, name: r.name }));
}
