// macOS typing: CGEventKeyboardSetUnicodeString from a persistent JavaScript-for-Automation helper, independent of the layout.
// Implemented and type-checked only: this repository's tests run on Linux/X11, so this route is untested here.
import { LineProtocolChild } from '../lineProtocolChild.js';
import { helperProcessTyper, type TextTyper } from '../textTyper.js';

const HELPER_SCRIPT = `
ObjC.import('Foundation');
ObjC.import('CoreGraphics');
const input = $.NSFileHandle.fileHandleWithStandardInput;
const output = $.NSFileHandle.fileHandleWithStandardOutput;
let pending = '';
function say(line) { output.writeData($(line + '\\n').dataUsingEncoding($.NSUTF8StringEncoding)); }
function readLine() {
  for (;;) {
    const at = pending.indexOf('\\n');
    if (at >= 0) { const line = pending.slice(0, at); pending = pending.slice(at + 1); return line; }
    const data = input.availableData;
    if (data.length === 0) return null;
    pending += $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding).js;
  }
}
function post(keycode, down, text) {
  const event = $.CGEventCreateKeyboardEvent($(), keycode, down);
  $.CGEventSetFlags(event, 0);
  if (text) $.CGEventKeyboardSetUnicodeString(event, text.length, text);
  $.CGEventPost($.kCGHIDEventTap, event);
}
function type(text) {
  if (text === '\\n') { post(36, true); post(36, false); return; }
  if (text === '\\t') { post(48, true); post(48, false); return; }
  post(0, true, text); post(0, false, text);
}
say('ready');
for (let line = readLine(); line !== null; line = readLine()) {
  try {
    if (line === 'release') { [56, 60, 59, 62, 58, 61, 55, 54].forEach((keycode) => post(keycode, false)); }
    else { type($.NSString.alloc.initWithDataEncoding($.NSData.alloc.initWithBase64EncodedStringOptions(line, 0), $.NSUTF8StringEncoding).js); }
    say('ok');
  } catch (error) { say(String(error).replace(/\\n/g, ' ')); }
}
`;

export async function openMacTyper(): Promise<TextTyper> {
  const helper = await LineProtocolChild.start('/usr/bin/osascript', ['-l', 'JavaScript', '-e', HELPER_SCRIPT], 'macOS typing helper (osascript)');
  return helperProcessTyper(helper);
}
