// The accessibility tree on macOS: the AX API (AXUIElement) from a persistent JavaScript-for-Automation helper through the ObjC bridge.
// Implemented and type-checked only: this repository's tests run on Linux/X11, so this route is untested here.
import { helperAccessibilityDriver } from '../accessibilityHelper.js';
import type { AccessibilityDriver } from '../types.js';

const HELPER_SCRIPT = String.raw`
ObjC.import('Foundation');
ObjC.import('AppKit');
ObjC.import('ApplicationServices');
const input = $.NSFileHandle.fileHandleWithStandardInput;
const output = $.NSFileHandle.fileHandleWithStandardOutput;
let pending = '';
function say(line) { output.writeData($(line + '\n').dataUsingEncoding($.NSUTF8StringEncoding)); }
function readLine() {
  for (;;) {
    const at = pending.indexOf('\n');
    if (at >= 0) { const line = pending.slice(0, at); pending = pending.slice(at + 1); return line; }
    const data = input.availableData;
    if (data.length === 0) return null;
    pending += $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding).js;
  }
}
const ROLES = {
  AXButton: 'button', AXMenuButton: 'button', AXCheckBox: 'check box', AXRadioButton: 'radio button',
  AXTextField: 'text field', AXTextArea: 'text field', AXComboBox: 'combo box', AXPopUpButton: 'combo box',
  AXLink: 'link', AXMenuItem: 'menu item', AXMenuBarItem: 'menu', AXSlider: 'slider', AXIncrementor: 'spin button',
  AXScrollBar: 'scroll bar', AXScrollArea: 'scroll area', AXDisclosureTriangle: 'button', AXRow: 'list item', AXTab: 'tab',
};
const ATTRS = ['AXRole', 'AXSubrole', 'AXTitle', 'AXDescription', 'AXValue', 'AXEnabled', 'AXFocused', 'AXPosition', 'AXSize', 'AXChildren', 'AXSelected', 'AXExpanded'];
const NODE_CAP = 8000;
const TIME_CAP_MS = 1500;
function js(value) { try { return value === undefined || value === null ? null : ObjC.deepUnwrap(ObjC.castRefToObject(value)); } catch (e) { return null; } }
/** Every attribute of one element in one AX call. */
function read(el) {
  const ref = Ref();
  if ($.AXUIElementCopyMultipleAttributeValues(el, $(ATTRS), 0, ref) !== 0) return null;
  const values = ObjC.castRefToObject(ref[0]);
  const out = {};
  ATTRS.forEach((name, i) => { out[name] = values.objectAtIndex(i); });
  return out;
}
function point(v) { const p = Ref(); return v && $.AXValueGetValue(v, $.kAXValueCGPointType, p) ? p[0] : null; }
function size(v) { const s = Ref(); return v && $.AXValueGetValue(v, $.kAXValueCGSizeType, s) ? s[0] : null; }
function text(v) { const t = js(v); return typeof t === 'string' ? t : (typeof t === 'number' ? String(t) : ''); }
function children(v) { try { const list = ObjC.castRefToObject(v); const out = []; for (let i = 0; i < list.count; i++) out.push(list.objectAtIndex(i)); return out; } catch (e) { return []; } }
function describe(a, window, parentRole) {
  const axRole = text(a.AXRole);
  let role = ROLES[axRole];
  if (axRole === 'AXRadioButton' && parentRole === 'AXTabGroup') role = 'tab';
  if (!role) return null;
  if (text(a.AXSubrole) === 'AXSecureTextField') role = 'password field';
  const p = point(a.AXPosition), s = size(a.AXSize);
  if (!p || !s || s.width <= 0 || s.height <= 0) return null;
  const states = [];
  if (js(a.AXFocused) === true) states.push('focused');
  if (js(a.AXEnabled) === false) states.push('disabled');
  const raw = js(a.AXValue);
  if ((role === 'check box' || role === 'radio button' || role === 'tab') && raw === 1) states.push('checked');
  if (js(a.AXSelected) === true) states.push('selected');
  if (js(a.AXExpanded) === true) states.push('expanded');
  if (role === 'text field') states.push('editable');
  const item = { role, name: text(a.AXTitle) || text(a.AXDescription), states, x: p.x, y: p.y, width: s.width, height: s.height, window };
  if (role !== 'password field' && (role === 'text field' || role === 'combo box' || role === 'slider' || role === 'spin button') && raw !== null) item.value = String(raw);
  if (role === 'scroll bar' && typeof raw === 'number') item.scroll = s.width > s.height ? { horizontal: Math.round(raw * 100) } : { vertical: Math.round(raw * 100) };
  return item;
}
function apps() {
  const front = $.NSWorkspace.sharedWorkspace.frontmostApplication.processIdentifier;
  const running = $.NSWorkspace.sharedWorkspace.runningApplications;
  const out = [];
  for (let i = 0; i < running.count; i++) {
    const app = running.objectAtIndex(i);
    if (app.activationPolicy !== $.NSApplicationActivationPolicyRegular) continue;
    out.push({ pid: app.processIdentifier, name: app.localizedName.js || '', front: app.processIdentifier === front });
  }
  return out.sort((a, b) => Number(b.front) - Number(a.front));
}
function snapshot(filter) {
  if (!$.AXIsProcessTrusted()) return { error: 'macOS has not given Chaperone Accessibility permission: open System Settings > Privacy & Security > Accessibility and turn it on for Chaperone (or the terminal running it)' };
  const started = Date.now();
  const elements = [];
  let nodes = 0;
  let cut = false;
  const needle = (filter || '').toLowerCase();
  for (const app of apps()) {
    const appEl = $.AXUIElementCreateApplication(app.pid);
    const ref = Ref();
    if ($.AXUIElementCopyAttributeValue(appEl, 'AXWindows', ref) !== 0) continue;
    children(ref[0]).forEach((w, index) => {
      const wa = read(w);
      if (!wa) return;
      const window = { id: app.pid + ':' + index, title: text(wa.AXTitle), app: app.name, pid: app.pid };
      if (needle && !window.title.toLowerCase().includes(needle) && !window.app.toLowerCase().includes(needle)) return;
      const stack = children(wa.AXChildren).map((el) => ({ el, parentRole: text(wa.AXRole) }));
      while (stack.length > 0) {
        if (++nodes > NODE_CAP || Date.now() - started > TIME_CAP_MS) { cut = true; break; }
        const { el, parentRole } = stack.pop();
        const a = read(el);
        if (!a) continue;
        const item = describe(a, window, parentRole);
        if (item) elements.push(item);
        const role = text(a.AXRole);
        children(a.AXChildren).reverse().forEach((child) => stack.push({ el: child, parentRole: role }));
      }
    });
    if (cut) break;
  }
  return { elements, problem: cut ? 'The accessibility tree is larger than Chaperone reads in one go, so some windows are missing; name a window to see its elements.' : null };
}
function single(el) {
  if (!el) return { element: null };
  const a = read(el);
  if (!a) return { element: null };
  const pid = Ref();
  $.AXUIElementGetPid(el, pid);
  const app = $.NSRunningApplication.runningApplicationWithProcessIdentifier(pid[0]);
  return { element: describe(a, { title: '', app: app ? app.localizedName.js : '', pid: pid[0] }, '') };
}
function at(x, y) {
  const ref = Ref();
  return $.AXUIElementCopyElementAtPosition($.AXUIElementCreateSystemWide(), x, y, ref) === 0 ? single(ref[0]) : { element: null };
}
function focused() {
  const ref = Ref();
  return $.AXUIElementCopyAttributeValue($.AXUIElementCreateSystemWide(), 'AXFocusedUIElement', ref) === 0 ? single(ref[0]) : { element: null };
}
say('ready');
for (let line = readLine(); line !== null; line = readLine()) {
  let answer;
  try {
    const request = JSON.parse(line);
    if (request.op === 'snapshot') answer = snapshot(request.window);
    else if (request.op === 'at') answer = at(request.x, request.y);
    else if (request.op === 'focused') answer = focused();
    else answer = { error: 'unknown request ' + request.op };
  } catch (error) { answer = { error: String(error).replace(/\n/g, ' ') }; }
  say(JSON.stringify(answer));
}
`;

export function createMacAccessibilityDriver(): AccessibilityDriver {
  return helperAccessibilityDriver({
    command: '/usr/bin/osascript',
    args: ['-l', 'JavaScript', '-e', HELPER_SCRIPT],
    what: 'macOS accessibility helper (osascript)',
    explain: (message) =>
      /permission|not trusted|-25211/i.test(message)
        ? `${message.replace(/\.$/, '')}; screenshots still work.`
        : `The macOS accessibility tree could not be read (${message}); screenshots and coordinates still work.`,
  });
}
