// The deny list's guard around Chaperone itself: input synthesis, its data dir, its process; in every preset, fast on hostile input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catastrophicReason } from '../../src/main/core/catastrophicCommands.ts';
import { compilePolicy } from '../../src/main/core/policy.ts';
import { DEFAULT_SETTINGS } from '../../src/main/core/settingsSchema.ts';
import { PRESET_NAMES, type Settings } from '../../src/shared/types.ts';

const guard = { dataDir: '/home/ada/.local/share/chaperone', pid: 4242 };

const INPUT = [
  'xdotool key alt+tab',
  '/usr/bin/xdotool mousemove 10 10 click 1',
  '\\xdotool click 1',
  'x""dotool click 1',
  "x'd'otool click 1",
  'xdo\\tool click 1',
  'sh -c "xdotool key Return"',
  "bash -c 'sleep 1; xdotool key Return'",
  'env DISPLAY=:0 xdotool key Return',
  'sudo -u ada xdotool type hello',
  'echo hi; xdotool key Return',
  'true && ydotool key 28:1 28:0',
  'ls | xte "key Return"',
  '$(which xdotool) key Return',
  '`which xdotool` key Return',
  'wtype hello',
  'xvkbd -text hi',
  'dotool <<< "key enter"',
  'cliclick c:100,200',
  'osascript -e \'tell application "System Events" to keystroke return\'',
  'osascript -e \'tell application "System Events" to key code 36\'',
  "osascript -e 'tell application \"System Events\" to click button 1'",
  'powershell -c "[System.Windows.Forms.SendKeys]::SendWait(\'{ENTER}\')"',
  'powershell -c "$w = New-Object -ComObject WScript.Shell; $w.SendKeys(\'~\')"',
  'C:\\Tools\\AutoHotkey.exe approve.ahk',
  'autohotkey64 click.ahk',
  'python3 -c "import pyautogui; pyautogui.press(\'enter\')"',
  'python -c "from pynput.keyboard import Controller"',
  'rundll32 user32.dll,keybd_event',
];

const INTO_CHAPERONE = [
  'cat /home/ada/.local/share/chaperone/token',
  'cat ~/.local/share/chaperone/token',
  'cat "$HOME/.local/share/chaperone/settings.json"',
  "sed -i 's/supervised/autonomous/' ~/.local/share/chaperone/settings.json",
  'rm -f ~/.config/chaperone/audit/2026-12-02.jsonl',
  'type %APPDATA%\\chaperone\\token',
  "cat ~/Library/Application\\ Support/chaperone/token",
  'kill 4242',
  'kill -9 4242',
  'kill -STOP $PPID',
  'pkill -f chaperone',
  'killall node',
  'taskkill /F /IM node.exe',
];

const ALLOWED = ['ls -la', 'git status', 'cat README.md', 'kill 12345', 'echo hello', 'grep -r TODO src', 'python3 -c "print(1)"'];

function settings(preset: Settings['preset'], allowAll = false): Settings {
  return { ...structuredClone(DEFAULT_SETTINGS), preset, rules: allowAll ? [{ tool: '*', mode: 'allow' }] : [] };
}

test('input synthesis and reaching into Chaperone are denied in every preset, even under an allow-everything rule', () => {
  for (const preset of PRESET_NAMES) {
    for (const allowAll of [false, true]) {
      const policy = compilePolicy(settings(preset, allowAll), guard);
      for (const command of [...INPUT, ...INTO_CHAPERONE]) {
        const decision = policy.decide('shell', { command });
        assert.equal(decision.mode, 'deny', `${preset}${allowAll ? ' + allow-all' : ''}: ${command}`);
        assert.equal(decision.source, 'builtin');
      }
      assert.equal(policy.decide('app', { action: 'launch', name: 'xdotool key Return' }).mode, 'deny', 'app launch goes through the list too');
    }
  }
});

test('the reasons say why in a sentence', () => {
  assert.match(catastrophicReason('xdotool key Return', guard) ?? '', /does not run commands that send keystrokes or clicks outside its own tools \(xdotool\)/);
  assert.match(catastrophicReason('cat ~/.local/share/chaperone/token', guard) ?? '', /its own data folder/);
  assert.match(catastrophicReason('kill -9 4242', guard) ?? '', /its own process/);
});

test('ordinary commands still run', () => {
  for (const command of ALLOWED) assert.equal(catastrophicReason(command, guard), null, command);
});

test('hostile 100 KB commands are decided in under 10 ms (refused for their length), and commands just under the cap in well under 100 ms', () => {
  const hostile = [
    `rm -rf /${'./'.repeat(50_000)}x`,
    'a'.repeat(100_000),
    `${'"'.repeat(50_000)}${"'".repeat(50_000)}`,
    '$('.repeat(50_000),
    `${'a'.repeat(99_000)}() { :|:& }`,
    `rm -${'r'.repeat(100_000)}f /`,
  ];
  for (const command of hostile) {
    catastrophicReason(command, guard);
    const start = performance.now();
    catastrophicReason(command, guard);
    const ms = performance.now() - start;
    assert.ok(ms < 10, `${command.slice(0, 20)}… took ${ms.toFixed(1)} ms`);
  }
  assert.match(catastrophicReason('echo hi; '.repeat(10_000), guard) ?? '', /longer than 16 KiB/);
  // Just under the cap the text is really read: the worst shapes found stay well inside Stop all's 100 ms.
  const size = 16 * 1024 - 64;
  for (const command of [`rm -rf /${'./'.repeat(size / 2)}x`, 'a;'.repeat(size / 2), 'a '.repeat(size / 2), '$('.repeat(size / 2), 'sh -c "'.repeat(size / 7), `${'"'.repeat(size / 2)}${"'".repeat(size / 2)}`]) {
    catastrophicReason(command, guard);
    const start = performance.now();
    catastrophicReason(command, guard);
    const ms = performance.now() - start;
    assert.ok(ms < 60, `${command.slice(0, 12)}… (${command.length} chars) took ${ms.toFixed(1)} ms`);
  }
  assert.match(catastrophicReason(`rm -rf /${'./'.repeat(1000)}`, guard) ?? '', /deletes/);
});
