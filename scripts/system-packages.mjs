// Before the tests: the Debian packages they and the product call (X server, window manager, helpers, Chromium, D-Bus and AT-SPI); installs what is missing when it can.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  ['Xvfb', 'xvfb'],
  ['xdotool', 'xdotool'],
  ['xdpyinfo', 'x11-utils'],
  ['xprop', 'x11-utils'],
  ['xwininfo', 'x11-utils'],
  ['xterm', 'xterm'],
  ['openbox', 'openbox'],
  ['wmctrl', 'wmctrl'],
  ['xclip', 'xclip'],
  ['xsel', 'xsel'],
  ['chromium', 'chromium'],
  ['xmodmap', 'x11-xserver-utils'],
  ['xset', 'x11-xserver-utils'],
  ['xrandr', 'x11-xserver-utils'],
  ['convert', 'imagemagick'],
  ['dbus-daemon', 'dbus'],
  ['dbus-launch', 'dbus-x11'],
  ['/usr/libexec/at-spi-bus-launcher', 'at-spi2-core'],
  ['gtk3-widget-factory', 'gtk-3-examples'],
  ['/usr/lib/python3/dist-packages/pyatspi/__init__.py', 'python3-pyatspi'],
  ['/usr/bin/python3', 'python3'],
  // The audit-log fault tests: chattr makes a file immutable (EPERM), mount/umount a small full tmpfs.
  ['chattr', 'e2fsprogs'],
  ['mount', 'mount'],
  ['umount', 'mount'],
];

function has(program) {
  if (program.startsWith('/')) return existsSync(program);
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

const missing = [...new Set(needs.filter(([program]) => !has(program)).map(([, pkg]) => pkg))];
if (!existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) missing.push('fonts-dejavu-core');
if (missing.length === 0) process.exit(0);

if (process.platform !== 'linux' || !has('apt-get')) {
  console.error(`The tests need these programs from your system's packages: ${missing.join(', ')}. Install them and run npm test again.`);
  process.exit(1);
}
const [command, ...prefix] = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
console.error(`Installing the system packages the tests need: ${missing.join(' ')}`);
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync(command, [...prefix, 'update', '-qq'], { stdio: 'inherit', env });
  execFileSync(command, [...prefix, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
} catch {
  console.error(`Could not install them. Run: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
