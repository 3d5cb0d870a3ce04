// The accessibility tree on Windows: UI Automation (System.Windows.Automation) in a persistent PowerShell helper, one cached FindAll per window.
// Implemented and type-checked only: this repository's tests run on Linux/X11, so this route is untested here.
import { helperAccessibilityDriver } from '../accessibilityHelper.js';
import type { AccessibilityDriver } from '../types.js';

const HELPER_LOOP = String.raw`
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [Text.Encoding]::UTF8
Add-Type -AssemblyName UIAutomationClient, UIAutomationTypes
Add-Type -TypeDefinition 'using System; using System.Runtime.InteropServices; public static class ChaperoneForeground { [DllImport("user32.dll")] public static extern IntPtr GetForegroundWindow(); }'
$A = [System.Windows.Automation.AutomationElement]
$CT = [System.Windows.Automation.ControlType]
$roles = @{
  'ControlType.Button' = 'button'; 'ControlType.SplitButton' = 'button'; 'ControlType.CheckBox' = 'check box'
  'ControlType.ComboBox' = 'combo box'; 'ControlType.Edit' = 'text field'; 'ControlType.Hyperlink' = 'link'
  'ControlType.ListItem' = 'list item'; 'ControlType.MenuItem' = 'menu item'; 'ControlType.RadioButton' = 'radio button'
  'ControlType.ScrollBar' = 'scroll bar'; 'ControlType.Slider' = 'slider'; 'ControlType.Spinner' = 'spin button'
  'ControlType.TabItem' = 'tab'; 'ControlType.TreeItem' = 'tree item'; 'ControlType.Pane' = 'scroll area'
  'ControlType.List' = 'list'; 'ControlType.Document' = 'text field'
}
$types = @($CT::Button, $CT::SplitButton, $CT::CheckBox, $CT::ComboBox, $CT::Edit, $CT::Hyperlink, $CT::ListItem, $CT::MenuItem,
  $CT::RadioButton, $CT::ScrollBar, $CT::Slider, $CT::Spinner, $CT::TabItem, $CT::TreeItem, $CT::Pane, $CT::List)
$typeConditions = [System.Windows.Automation.Condition[]]($types | ForEach-Object { New-Object System.Windows.Automation.PropertyCondition($A::ControlTypeProperty, $_) })
$onScreen = New-Object System.Windows.Automation.PropertyCondition($A::IsOffscreenProperty, $false)
$interactive = New-Object System.Windows.Automation.AndCondition($onScreen, (New-Object System.Windows.Automation.OrCondition($typeConditions)))

# One CacheRequest: FindAll brings every element's properties and patterns back in the same cross-process call.
$cache = New-Object System.Windows.Automation.CacheRequest
$cache.TreeScope = [System.Windows.Automation.TreeScope]::Element
foreach ($p in @($A::ControlTypeProperty, $A::NameProperty, $A::BoundingRectangleProperty, $A::IsEnabledProperty, $A::HasKeyboardFocusProperty,
  $A::IsPasswordProperty, $A::ProcessIdProperty,
  [System.Windows.Automation.ValuePattern]::ValueProperty, [System.Windows.Automation.ValuePattern]::IsReadOnlyProperty,
  [System.Windows.Automation.TogglePattern]::ToggleStateProperty, [System.Windows.Automation.SelectionItemPattern]::IsSelectedProperty,
  [System.Windows.Automation.ExpandCollapsePattern]::ExpandCollapseStateProperty,
  [System.Windows.Automation.ScrollPattern]::VerticalScrollPercentProperty, [System.Windows.Automation.ScrollPattern]::HorizontalScrollPercentProperty,
  [System.Windows.Automation.ScrollPattern]::VerticallyScrollableProperty, [System.Windows.Automation.ScrollPattern]::HorizontallyScrollableProperty,
  [System.Windows.Automation.RangeValuePattern]::ValueProperty)) { $cache.Add($p) }
foreach ($p in @([System.Windows.Automation.ValuePattern]::Pattern, [System.Windows.Automation.TogglePattern]::Pattern,
  [System.Windows.Automation.SelectionItemPattern]::Pattern, [System.Windows.Automation.ExpandCollapsePattern]::Pattern,
  [System.Windows.Automation.ScrollPattern]::Pattern, [System.Windows.Automation.RangeValuePattern]::Pattern)) { $cache.Add($p) }

function Cached($e, $property) {
  $v = $e.GetCachedPropertyValue($property, $true)
  if ($v -eq [System.Windows.Automation.AutomationElement]::NotSupported) { return $null }
  return $v
}

function Describe($e, $window) {
  $type = Cached $e $A::ControlTypeProperty
  $role = $roles[$type.ProgrammaticName]
  if (-not $role) { $role = ($type.ProgrammaticName -replace '^ControlType\.', '').ToLower() }
  $vScrollable = Cached $e ([System.Windows.Automation.ScrollPattern]::VerticallyScrollableProperty)
  $hScrollable = Cached $e ([System.Windows.Automation.ScrollPattern]::HorizontallyScrollableProperty)
  if ($role -eq 'scroll area' -and -not $vScrollable -and -not $hScrollable) { return $null }
  $r = Cached $e $A::BoundingRectangleProperty
  if ($null -eq $r -or $r.IsEmpty -or $r.Width -le 0 -or $r.Height -le 0) { return $null }
  $states = @()
  if (Cached $e $A::HasKeyboardFocusProperty) { $states += 'focused' }
  if (-not (Cached $e $A::IsEnabledProperty)) { $states += 'disabled' }
  if ((Cached $e ([System.Windows.Automation.TogglePattern]::ToggleStateProperty)) -eq [System.Windows.Automation.ToggleState]::On) { $states += 'checked' }
  if (Cached $e ([System.Windows.Automation.SelectionItemPattern]::IsSelectedProperty)) { $states += 'selected' }
  if ((Cached $e ([System.Windows.Automation.ExpandCollapsePattern]::ExpandCollapseStateProperty)) -eq [System.Windows.Automation.ExpandCollapseState]::Expanded) { $states += 'expanded' }
  $password = Cached $e $A::IsPasswordProperty
  if ($password) { $role = 'password field' }
  $readOnly = Cached $e ([System.Windows.Automation.ValuePattern]::IsReadOnlyProperty)
  if ($role -eq 'text field' -and $readOnly -eq $false) { $states += 'editable' }
  $value = $null
  if (-not $password) {
    $value = Cached $e ([System.Windows.Automation.ValuePattern]::ValueProperty)
    if ($null -eq $value) { $range = Cached $e ([System.Windows.Automation.RangeValuePattern]::ValueProperty); if ($null -ne $range) { $value = [string]$range } }
  }
  $item = [ordered]@{ role = $role; name = [string](Cached $e $A::NameProperty); states = $states; x = $r.X; y = $r.Y; width = $r.Width; height = $r.Height; window = $window }
  if ($value) { $item.value = [string]$value }
  $scroll = [ordered]@{}
  if ($vScrollable) { $scroll.vertical = [math]::Round((Cached $e ([System.Windows.Automation.ScrollPattern]::VerticalScrollPercentProperty))) }
  if ($hScrollable) { $scroll.horizontal = [math]::Round((Cached $e ([System.Windows.Automation.ScrollPattern]::HorizontalScrollPercentProperty))) }
  if ($scroll.Count -gt 0) { $item.scroll = $scroll }
  return $item
}

function WindowOf($w) {
  $procId = $w.Current.ProcessId
  $app = ''
  try { $app = (Get-Process -Id $procId).ProcessName } catch {}
  return [ordered]@{ id = ('0x{0:x}' -f $w.Current.NativeWindowHandle); title = $w.Current.Name; app = $app; pid = $procId }
}

function Snapshot($filter) {
  $foreground = [ChaperoneForeground]::GetForegroundWindow().ToInt64()
  $windows = @($A::RootElement.FindAll([System.Windows.Automation.TreeScope]::Children, $onScreen))
  $windows = @($windows | Sort-Object { if ($_.Current.NativeWindowHandle -eq $foreground) { 0 } else { 1 } })
  $elements = New-Object System.Collections.ArrayList
  foreach ($w in $windows) {
    $window = WindowOf $w
    if ($filter -and -not ($window.title -like "*$filter*" -or $window.app -like "*$filter*")) { continue }
    $cache.Push()
    try { $found = $w.FindAll([System.Windows.Automation.TreeScope]::Descendants, $interactive) } catch { continue } finally { $cache.Pop() }
    foreach ($e in $found) { $d = Describe $e $window; if ($d) { [void]$elements.Add($d) } }
  }
  return @{ elements = $elements.ToArray() }
}

function TopWindowOf($e) {
  $walker = [System.Windows.Automation.TreeWalker]::ControlViewWalker
  $node = $e
  while ($node) {
    $parent = $walker.GetParent($node)
    if ($null -eq $parent -or $parent -eq $A::RootElement) { return $node }
    $node = $parent
  }
  return $e
}

function Single($e) {
  if ($null -eq $e) { return @{ element = $null } }
  $window = WindowOf (TopWindowOf $e)
  $cached = $e.GetUpdatedCache($cache)
  return @{ element = (Describe $cached $window) }
}

[Console]::Out.WriteLine('ready')
while ($null -ne ($line = [Console]::In.ReadLine())) {
  try {
    $request = $line | ConvertFrom-Json
    switch ($request.op) {
      'snapshot' { $answer = Snapshot $request.window }
      'at' { $answer = Single ($A::FromPoint((New-Object System.Windows.Point($request.x, $request.y)))) }
      'focused' { $answer = Single $A::FocusedElement }
      default { $answer = @{ error = "unknown request $($request.op)" } }
    }
  } catch { $answer = @{ error = ($_.Exception.Message -replace '\r?\n', ' ') } }
  [Console]::Out.WriteLine((ConvertTo-Json $answer -Compress -Depth 6))
}
`;

export function createWin32AccessibilityDriver(): AccessibilityDriver {
  const script = Buffer.from(HELPER_LOOP, 'utf16le').toString('base64');
  return helperAccessibilityDriver({
    command: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', script],
    what: 'Windows UI Automation helper (PowerShell)',
    explain: (message) => `The UI Automation tree could not be read (${message}); screenshots and coordinates still work.`,
  });
}
