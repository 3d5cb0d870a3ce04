// The built-in deny list: shell commands that destroy a system or its disks, make input around Chaperone, or reach
// into Chaperone itself (its data dir, its process), checked in every preset. Every check is linear in the command's length.
// Commands are split into simple commands (on ; && || | & newlines and subshells) and each is checked by its verb,
// so `echo "rm -rf /"` and `grep shutdown log` pass while `sudo rm -rf /` and `bash -c 'rm -rf ~'` do not.

const WRAPPERS = new Set(['sudo', 'doas', 'su', 'env', 'nohup', 'time', 'nice', 'ionice', 'exec', 'command', 'builtin', 'xargs', 'busybox', 'timeout', 'watch', 'stdbuf', 'chroot', 'runas', 'start', 'call', 'eval', 'then', 'do', 'else', '!', 'invoke-expression', 'iex']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'cmd', 'powershell', 'pwsh']);
// Wrapper options that take a value (sudo -u root, timeout -s KILL, powershell -ExecutionPolicy Bypass).
const OPTIONS_WITH_VALUE = new Set(['-u', '-g', '--user', '--group', '-s', '--signal', '-k', '--kill-after', '-executionpolicy', '-ep', '-windowstyle']);

const BLOCK_DEVICE = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|md\d|dm-\d|mapper\/|root)/;
const UNIX_SYSTEM_DIRS = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'opt', 'proc', 'root', 'sbin', 'srv', 'sys', 'usr', 'var',
  'system', 'users', 'applications', 'library', 'private', 'volumes', 'cores',
]);
const WINDOWS_SYSTEM_DIRS = new Set(['windows', 'users', 'program files', 'program files (x86)', 'programdata', 'documents and settings']);
const HOME_WORDS = new Set(['~', '$home', '%userprofile%', '$env:userprofile', '$env:home', '%homepath%', '%homedrive%%homepath%']);
const DRIVE_WORDS = new Set(['%systemdrive%', '$env:systemdrive', '%systemroot%', '$env:systemroot', '%windir%', '$env:windir', '%homedrive%']);

/** Whether a path names a whole system: the root, a home directory, a drive, or a top-level system directory. */
export function isSystemPath(raw: string): boolean {
  let path = raw.replace(/^['"]|['"]$/g, '').replace(/\$\{(\w+)\}/g, '$$$1').toLowerCase();
  if (path.length === 0) return false;
  path = path.replace(/\\/g, '/').replace(/\/+/g, '/');
  // A trailing /, /. or /* (or *.*) still means the directory itself and everything in it (trimmed in a loop: a regex here backtracks).
  for (;;) {
    const trimmed = path.endsWith('/*.*') ? path.slice(0, -4) : path.endsWith('/.') || path.endsWith('/*') ? path.slice(0, -2) : path.endsWith('/') ? path.slice(0, -1) : path;
    if (trimmed === path) break;
    path = trimmed;
  }
  if (path === '') return true;
  if (HOME_WORDS.has(path) || DRIVE_WORDS.has(path) || /^~[a-z0-9_.-]*$/.test(path)) return true;
  if (/^[a-z]:$/.test(path)) return true;
  const unix = /^\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (unix?.[1] && UNIX_SYSTEM_DIRS.has(unix[1])) return unix[2] === undefined || unix[1] === 'home' || unix[1] === 'users';
  const windows = /^(?:[a-z]:|%systemdrive%|\$env:systemdrive)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  return windows?.[1] !== undefined && WINDOWS_SYSTEM_DIRS.has(windows[1]) && (windows[2] === undefined || windows[1] === 'users');
}

function isFlag(word: string): boolean {
  return /^-{1,2}[a-z]/i.test(word) || /^\/[a-z?]{1,2}(:.*)?$/i.test(word);
}

/** Splits a command line into simple commands, each a list of words with quotes removed. */
function simpleCommands(command: string): string[][] {
  const flattened = command
    .replace(/\$\{(\w+)\}/g, '$$$1')
    .replace(/\$\(|`|\(|\)|\{|\}/g, ';')
    .replace(/&&|\|\||[;|&\n\r]/g, ';');
  return flattened
    .split(';')
    // Quotes join what they split (x""dotool is xdotool to the shell).
    .map((part) => part.replace(/["']/g, '').trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

/** Drops sudo/env/timeout-style prefixes and shell -c wrappers, leaving the real command's words. */
function unwrap(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const word = (words[i] ?? '').toLowerCase().replace(/^\\/, '');
    const base = word.replace(/^.*[/\\]/, '').replace(/\.exe$/, '');
    if (WRAPPERS.has(base) || SHELLS.has(base)) {
      i += 1;
      while (i < words.length) {
        const next = (words[i] ?? '').toLowerCase();
        if (/^\w+=/.test(next) || /^\d+(\.\d+)?[smhd]?$/.test(next)) i += 1;
        else if (OPTIONS_WITH_VALUE.has(next) && !(base === 'sudo' && next === '-s')) i += 2;
        else if (isFlag(next)) i += 1;
        else break;
      }
      continue;
    }
    if (/^\w+=/.test(word)) {
      i += 1;
      continue;
    }
    break;
  }
  return words.slice(i);
}

type Check = (verb: string, args: string[], lower: string[]) => string | null;

// Short option clusters of rm/chmod/chown (-rf, -Rv), PowerShell's -Recurse and its prefixes, cmd's /s.
const RECURSIVE = (lower: string[]): boolean =>
  lower.some((w) => (w.length <= 16 && /^-[cdfhivr]*r[cdfhivr]*$/.test(w)) || w === '--recursive' || /^-rec(u(r(s(e)?)?)?)?$/.test(w) || w === '/s');

const targets = (args: string[]): string[] => args.filter((word) => !isFlag(word));

const CHECKS: Check[] = [
  (verb, args, lower) => {
    const deletes = ['rm', 'rmdir', 'rd', 'del', 'erase', 'remove-item', 'ri', 'rimraf', 'trash'].includes(verb);
    if (!deletes) return null;
    if (lower.includes('--no-preserve-root')) return 'It deletes the whole file system (rm --no-preserve-root).';
    const recursive = RECURSIVE(lower) || verb === 'rimraf';
    const hit = targets(args).find(isSystemPath);
    return recursive && hit ? `It deletes ${hit} and everything under it.` : null;
  },
  (verb, args, lower) => {
    if (verb !== 'find') return null;
    const root = targets(args)[0];
    const deletes = lower.includes('-delete') || (lower.includes('-exec') && lower.some((w) => /(^|\/)(rm|shred)$/.test(w)));
    return deletes && root !== undefined && isSystemPath(root) ? `It deletes everything under ${root}.` : null;
  },
  (verb, args, lower) => {
    if (verb !== 'chmod' && verb !== 'chown' && verb !== 'chgrp') return null;
    const hit = targets(args).slice(1).find(isSystemPath);
    return RECURSIVE(lower) && hit ? `It changes ownership or permissions of everything under ${hit}.` : null;
  },
  (verb, args) => {
    if (verb !== 'mv' && verb !== 'move' && verb !== 'move-item') return null;
    const paths = targets(args);
    const hit = paths.slice(0, -1).find(isSystemPath);
    return hit ? `It moves ${hit} away, which breaks the system.` : null;
  },
  (verb) => (/^mkfs(\..+)?$/.test(verb) || verb === 'mke2fs' || verb === 'newfs' || verb === 'mkswap' ? 'It formats a disk or partition.' : null),
  (verb) => (verb === 'wipefs' || verb === 'blkdiscard' ? 'It wipes a disk.' : null),
  (verb, args) => (verb === 'dd' && args.some((w) => /^of=/i.test(w) && BLOCK_DEVICE.test(w.slice(3))) ? 'It overwrites a disk device (dd of=/dev/…).' : null),
  (verb, args) => (verb === 'shred' && args.some((w) => BLOCK_DEVICE.test(w)) ? 'It shreds a disk device.' : null),
  (verb, args) => (verb === 'cp' && BLOCK_DEVICE.test(targets(args).at(-1) ?? '') ? 'It overwrites a disk device.' : null),
  (verb, args) => (verb === 'tee' && args.some((w) => BLOCK_DEVICE.test(w)) ? 'It overwrites a disk device.' : null),
  (verb, args) => (verb === 'format' && args.some((w) => /^[a-z]:\\?$/i.test(w)) ? 'It formats a drive.' : null),
  (verb) => (['format-volume', 'clear-disk', 'initialize-disk', 'remove-partition'].includes(verb) ? 'It formats or wipes a disk.' : null),
  (verb, _args, lower) => (verb === 'diskutil' && lower.some((w) => /^(erase|zerodisk|secureerase|partitiondisk|reformat)/.test(w)) ? 'It erases a disk.' : null),
  (verb, _args, lower) => (verb === 'sgdisk' && lower.some((w) => w === '--zap-all' || w === '-z' || w === '--clear' || w === '-o') ? 'It wipes a partition table.' : null),
  (verb, _args, lower) => (verb === 'vssadmin' && lower.includes('delete') ? 'It deletes the system restore points.' : null),
  (verb) => (['shutdown', 'reboot', 'halt', 'poweroff', 'stop-computer', 'restart-computer', 'kexec'].includes(verb) ? 'It shuts down or restarts the computer.' : null),
  (verb, args) => ((verb === 'init' || verb === 'telinit') && ['0', '6'].includes(args[0] ?? '') ? 'It shuts down or restarts the computer.' : null),
  (verb, _args, lower) =>
    (verb === 'systemctl' || verb === 'loginctl') && lower.some((w) => ['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot'].includes(w))
      ? 'It shuts down or restarts the computer.'
      : null,
];

const INPUT_REASON = (what: string): string =>
  `Chaperone does not run commands that send keystrokes or clicks outside its own tools (${what}): an agent acts only through Chaperone's tools, which check what they land on and which a person supervises.`;

/** Programs whose job is to fake keyboard and mouse input. */
const INPUT_PROGRAMS = new Set(['xdotool', 'ydotool', 'ydotoold', 'xte', 'wtype', 'xvkbd', 'dotool', 'dotoolc', 'cliclick', 'autohotkey', 'autohotkey64', 'autohotkeyu64', 'autohotkeyu32', 'autohotkeya32', 'ahk', 'nircmd', 'xautomation']);
const INPUT_APIS = new Set(['sendkeys', 'sendinput', 'keybd_event', 'mouse_event', 'sendwait', 'pyautogui', 'pynput', 'xtest', 'fake_input', 'uinput', 'cgeventpost', 'cgeventcreatekeyboardevent', 'cgeventcreatemouseevent']);
const KILLERS = new Set(['kill', 'pkill', 'killall', 'taskkill', 'stop-process', 'skill', 'tkill', 'xkill']);

/** Whether `name() { … name | name & … }` appears: the shell fork bomb, found by scanning for "()" rather than by a backtracking regex. */
function hasForkBomb(command: string): boolean {
  for (let at = command.indexOf('()'); at !== -1; at = command.indexOf('()', at + 2)) {
    let start = at;
    while (start > 0 && at - start < 64 && /[\w:.]/.test(command[start - 1] ?? '')) start -= 1;
    const name = command.slice(start, at);
    if (!name) continue;
    const body = command.slice(at, at + 256).replace(/\s+/g, '');
    if (body.includes(`${name}|${name}&`)) return true;
  }
  return false;
}

export interface ChaperoneGuard {
  /** Chaperone's data dir (token, settings, audit log). */
  dataDir: string;
  /** Chaperone's own process id. */
  pid: number;
}

const DATA_DIR_FORMS = /(\.local\/share|\.config|application support|appdata\/(roaming|local)|%appdata%|%localappdata%|\$env:appdata|\$env:localappdata)\/+chaperone(\/|$|[^a-z0-9])/;

/** Why a command reaches into Chaperone itself: its data dir, or its process. */
function intoChaperone(line: string, words: string[][], guard: ChaperoneGuard): string | null {
  // An escaped space (Application\\ Support) is a space; other backslashes are Windows path separators.
  const flat = line.toLowerCase().replace(/\\ /g, ' ').replace(/\\/g, '/').replace(/["']/g, '');
  const dir = guard.dataDir.toLowerCase().replace(/\\/g, '/').replace(/\/+$/, '');
  const home = (process.env.HOME ?? '').toLowerCase().replace(/\/+$/, '');
  const underHome = home !== '' && dir.startsWith(`${home}/`) ? dir.slice(home.length) : null;
  if (
    (dir.length > 1 && flat.includes(dir)) ||
    (underHome !== null && (flat.includes(`~${underHome}`) || flat.includes(`$home${underHome}`) || flat.includes(`\${home}${underHome}`) || flat.includes(`\${home}}${underHome}`))) ||
    DATA_DIR_FORMS.test(flat)
  ) {
    return "Chaperone does not run commands that read or change its own data folder (its token, settings and audit log): they are the person's.";
  }
  for (const real of words) {
    const verb = (real[0] ?? '').toLowerCase().replace(/^.*[/\\]/, '').replace(/\.exe$/, '');
    if (!KILLERS.has(verb)) continue;
    const args = real.slice(1).map((w) => w.toLowerCase());
    const own = String(guard.pid);
    if (args.some((w) => w === own || w === `-${own}` || w === '$ppid' || w === '${ppid}' || w.includes('chaperone') || w === 'node' || w === 'electron' || w === 'node.exe' || w === '-1')) {
      return 'Chaperone does not run commands that signal or stop its own process: only the person stops Chaperone.';
    }
  }
  return null;
}

/** Why a command fakes input: an input program anywhere on the line (a word, not inside another word), or an OS input API. */
function fakesInput(command: string, squashed: string): string | null {
  // Words with backslashes as separators (C:\\Tools\\AutoHotkey.exe) and with them taken out (\\xdo\\tool).
  const words = [...command.replace(/["'`]/g, '').toLowerCase().split(/[^a-z0-9_.-]+/), ...squashed.toLowerCase().split(/[^a-z0-9_.-]+/)];
  for (const word of words) {
    const base = word.replace(/\.exe$/, '');
    if (INPUT_PROGRAMS.has(base)) return INPUT_REASON(base);
    if (base.endsWith('.ahk')) return INPUT_REASON('an AutoHotkey script');
    // API names sit inside dotted words ([System.Windows.Forms.SendKeys], $shell.SendKeys, pyautogui.press).
    const api = base.split('.').find((part) => INPUT_APIS.has(part));
    if (api) return INPUT_REASON(api);
  }
  if (/\bosascript\b/.test(squashed) && /\b(keystroke|key code|click)\b/i.test(squashed)) return INPUT_REASON('osascript keystrokes and clicks');
  return null;
}

/** Commands longer than this are refused whole: length must never hide one, and checking one this long stays well inside the 100 ms Stop all promises. */
export const MAX_CHECKED_COMMAND = 16 * 1024;

const WHOLE_LINE_CHECKS: { pattern: RegExp; reason: string }[] = [
  { pattern: /%0\s*\|\s*%0/, reason: 'It is a fork bomb that freezes the computer.' },
  { pattern: />>?\s*["']?\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d)/i, reason: 'It writes over a disk device.' },
  { pattern: /\bdiskpart\b[\s\S]*\bclean\b|\bclean\b[\s\S]*\bdiskpart\b/i, reason: 'It wipes a disk (diskpart clean).' },
  { pattern: /\bosascript\b.*\b(shut\s*down|restart)\b/i, reason: 'It shuts down or restarts the computer.' },
];

/** Why the command must never run, in a plain sentence, or null when it is not on the list. */
export function catastrophicReason(command: string, guard?: ChaperoneGuard): string | null {
  if (command.length > MAX_CHECKED_COMMAND) return `The command is longer than ${MAX_CHECKED_COMMAND / 1024} KiB, too long for Chaperone to check; write it to a script file in smaller steps instead.`;
  if (hasForkBomb(command)) return 'It is a fork bomb that freezes the computer.';
  for (const { pattern, reason } of WHOLE_LINE_CHECKS) if (pattern.test(command)) return reason;
  // Backslashes and quotes are taken out as the shell would (\xdo\tool, x""dotool) before looking for input programs.
  const squashed = command.replace(/["'`\\]/g, '');
  const faked = fakesInput(command, squashed);
  if (faked) return faked;
  const parsed = simpleCommands(command).map(unwrap);
  if (guard) {
    const inside = intoChaperone(command, parsed, guard);
    if (inside) return inside;
  }
  // After `cd /` (or another system path), `*` and `.` mean that path.
  let cwd: string | null = null;
  for (const real of parsed) {
    const verbWord = real[0];
    if (verbWord === undefined) continue;
    const verb = verbWord.toLowerCase().replace(/^\\/, '').replace(/^.*[/\\]/, '').replace(/\.(exe|cmd|bat)$/, '');
    if (verb === 'cd' || verb === 'pushd' || verb === 'set-location' || verb === 'sl' || verb === 'chdir') {
      const to = targets(real.slice(1))[0] ?? '~';
      cwd = isSystemPath(to) ? to : null;
      continue;
    }
    const args = real.slice(1).map((word) => (cwd !== null && /^(\*|\.|\.\/\*|\*\.\*)$/.test(word) ? cwd : word));
    const lower = args.map((word) => word.toLowerCase());
    for (const check of CHECKS) {
      const reason = check(verb, args, lower);
      if (reason) return reason;
    }
  }
  return null;
}
