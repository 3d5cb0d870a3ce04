// Windows and apps on Windows through user32 (EnumWindows, WindowFromPoint, SetForegroundWindow, WM_CLOSE) from PowerShell. Untested here (Linux CI).
import { psString, runPowerShell } from './powershell.js';
import type { Point, WindowInfo, WindowsDriver } from '../types.js';
import { windowsDriverOver } from '../windowSearch.js';

const USER32 = `
Add-Type -TypeDefinition @"
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
public static class ChaperoneUser32 {
  public delegate bool EnumProc(IntPtr h, IntPtr l);
  [StructLayout(LayoutKind.Sequential)] public struct RECT { public int Left, Top, Right, Bottom; }
  [DllImport("user32.dll")] public static extern bool EnumWindows(EnumProc cb, IntPtr l);
  [DllImport("user32.dll")] public static extern bool IsWindowVisible(IntPtr h);
  [DllImport("user32.dll")] public static extern IntPtr GetWindow(IntPtr h, uint cmd);
  [DllImport("user32.dll", CharSet = CharSet.Unicode)] public static extern int GetWindowText(IntPtr h, StringBuilder s, int n);
  [DllImport("user32.dll")] public static extern int GetWindowTextLength(IntPtr h);
  [DllImport("user32.dll")] public static extern uint GetWindowThreadProcessId(IntPtr h, out uint pid);
  [DllImport("user32.dll")] public static extern bool GetWindowRect(IntPtr h, out RECT r);
  [DllImport("user32.dll")] public static extern IntPtr GetForegroundWindow();
  [DllImport("user32.dll")] public static extern bool SetForegroundWindow(IntPtr h);
  [DllImport("user32.dll")] public static extern bool ShowWindow(IntPtr h, int cmd);
  [DllImport("user32.dll")] public static extern bool IsIconic(IntPtr h);
  [DllImport("user32.dll")] public static extern void keybd_event(byte vk, byte scan, uint flags, UIntPtr extra);
  [DllImport("user32.dll")] public static extern bool PostMessage(IntPtr h, uint msg, IntPtr w, IntPtr l);
  [StructLayout(LayoutKind.Sequential)] public struct POINT { public int X, Y; }
  [DllImport("user32.dll")] public static extern IntPtr WindowFromPoint(POINT p);
  [DllImport("user32.dll")] public static extern IntPtr GetAncestor(IntPtr h, uint flags);
  // GA_ROOT (2): the top-level window that owns the child control under the point.
  public static IntPtr TopLevelAt(int x, int y) { var p = new POINT(); p.X = x; p.Y = y; var h = WindowFromPoint(p); return h == IntPtr.Zero ? h : GetAncestor(h, 2); }
  public static List<IntPtr> TopLevel() {
    var found = new List<IntPtr>();
    EnumWindows((h, l) => { if (IsWindowVisible(h) && GetWindow(h, 4) == IntPtr.Zero && GetWindowTextLength(h) > 0) found.Add(h); return true; }, IntPtr.Zero);
    return found;
  }
  public static string Title(IntPtr h) { var s = new StringBuilder(GetWindowTextLength(h) + 1); GetWindowText(h, s, s.Capacity); return s.ToString(); }
  public static void Focus(IntPtr h) {
    if (IsIconic(h)) ShowWindow(h, 9);
    // Windows lets a process take the foreground only right after input; a tapped Alt counts as input.
    keybd_event(0x12, 0, 0, UIntPtr.Zero); keybd_event(0x12, 0, 2, UIntPtr.Zero);
    SetForegroundWindow(h);
  }
  public static void Close(IntPtr h) { PostMessage(h, 0x0010, IntPtr.Zero, IntPtr.Zero); }
}
"@
`;

// One row per window handle in $handles; EnumWindows walks the z-order from the top, so the list is topmost first.
const ROW_FUNCTION = `
function Get-ChaperoneRows($handles) {
$active = [ChaperoneUser32]::GetForegroundWindow()
foreach ($h in $handles) {
  $procId = [uint32]0
  [void][ChaperoneUser32]::GetWindowThreadProcessId($h, [ref]$procId)
  $r = New-Object ChaperoneUser32+RECT
  [void][ChaperoneUser32]::GetWindowRect($h, [ref]$r)
  $app = try { (Get-Process -Id $procId -ErrorAction Stop).ProcessName } catch { '' }
  [pscustomobject]@{ id = [string]$h.ToInt64(); title = [ChaperoneUser32]::Title($h); app = $app; pid = [int]$procId;
    x = $r.Left; y = $r.Top; width = $r.Right - $r.Left; height = $r.Bottom - $r.Top; focused = ($h -eq $active) }
}
}
`;

const LIST_SCRIPT = `${USER32}${ROW_FUNCTION}
ConvertTo-Json -Compress -InputObject @(Get-ChaperoneRows ([ChaperoneUser32]::TopLevel()))
`;

/** WindowFromPoint answers for the point itself, so a window the point is on is found without listing every window. */
function atScript(point: Point): string {
  return `${USER32}${ROW_FUNCTION}
$h = [ChaperoneUser32]::TopLevelAt(${Math.round(point.x)}, ${Math.round(point.y)})
if ($h -eq [IntPtr]::Zero) { '[]' } else { ConvertTo-Json -Compress -InputObject @(Get-ChaperoneRows @($h)) }
`;
}

interface Win32Row {
  id: string;
  title: string;
  app: string;
  pid: number;
  x: number;
  y: number;
  width: number;
  height: number;
  focused: boolean;
}

function parseRows(output: string): WindowInfo[] {
  const rows = JSON.parse(output.trim() || '[]') as Win32Row[];
  return rows.map((r) => ({ id: r.id, title: r.title, app: r.app, pid: r.pid, bounds: { x: r.x, y: r.y, width: r.width, height: r.height }, focused: r.focused }));
}

async function listWindows(): Promise<WindowInfo[]> {
  return parseRows(await runPowerShell(LIST_SCRIPT));
}

async function windowAt(point: Point): Promise<WindowInfo | null> {
  return parseRows(await runPowerShell(atScript(point)))[0] ?? null;
}

async function onWindow(method: 'Focus' | 'Close', id: string): Promise<void> {
  await runPowerShell(`${USER32}\n[ChaperoneUser32]::${method}([IntPtr][long]${psString(id)})`);
}

export function createWin32WindowsDriver(): WindowsDriver {
  return windowsDriverOver({
    list: listWindows,
    at: windowAt,
    async start(name) {
      const pid = Number((await runPowerShell(`(Start-Process -FilePath ${psString(name.trim())} -PassThru).Id`)).trim());
      return { pid, belongs: (w) => w.pid === pid, failure: () => null };
    },
    activate: (target) => onWindow('Focus', target.id),
    closeWindow: (target) => onWindow('Close', target.id),
  });
}
