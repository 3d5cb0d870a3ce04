// Finds the helper programs the drivers call at run time and says which package brings a missing one.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

interface Helper {
  programs: string[];
  /** 'all': every program is needed; 'any': one of them will do. */
  needs: 'all' | 'any';
  /** What needs it, for the message. */
  purpose: string;
  /** What to do about it, one sentence. */
  remedy: string;
  /** The Debian package that brings the (first) program. */
  debianPackage?: string;
}

const HELPERS: Partial<Record<NodeJS.Platform, Helper[]>> = {
  linux: [
    { programs: ['xprop', 'xwininfo'], needs: 'all', purpose: 'reading the accessibility tree', remedy: 'Install x11-utils: sudo apt install x11-utils', debianPackage: 'x11-utils' },
    { programs: ['xclip', 'xsel'], needs: 'any', purpose: 'the clipboard', remedy: 'Install xclip: sudo apt install xclip', debianPackage: 'xclip' },
  ],
  darwin: [
    { programs: ['osascript'], needs: 'all', purpose: 'listing, focusing and closing windows', remedy: 'It ships with macOS: check that /usr/bin is in PATH' },
    { programs: ['pbcopy', 'pbpaste'], needs: 'all', purpose: 'the clipboard', remedy: 'They ship with macOS: check that /usr/bin is in PATH' },
  ],
  win32: [{ programs: ['powershell.exe'], needs: 'all', purpose: 'windows, the clipboard and the shell', remedy: 'Windows PowerShell ships with Windows: check that its folder is in PATH' }],
};

/** The package to install for a Linux helper program, for error messages. */
export function packageFor(program: string): string | undefined {
  const helper = HELPERS.linux?.find((h) => h.programs.includes(program));
  if (!helper) return undefined;
  // Each clipboard alternative is its own package, named like the program.
  return helper.needs === 'any' ? program : helper.debianPackage;
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Full path of `program` found in `pathVariable` (a PATH value), or null. */
export function findProgram(program: string, pathVariable = process.env.PATH ?? '', platform: NodeJS.Platform = process.platform): string | null {
  const extensions = platform === 'win32' && !/\.[a-z]+$/i.test(program) ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of pathVariable.split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(dir, program + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return null;
}

/** One plain message per missing helper program; empty when everything the drivers call is present. */
export function checkRuntimeDependencies(platform: NodeJS.Platform = process.platform, pathVariable = process.env.PATH ?? ''): string[] {
  const messages: string[] = [];
  for (const helper of HELPERS[platform] ?? []) {
    const missing = helper.programs.filter((p) => !findProgram(p, pathVariable, platform));
    const satisfied = helper.needs === 'any' ? missing.length < helper.programs.length : missing.length === 0;
    if (satisfied) continue;
    const names = missing.map((p) => `"${p}"`).join(helper.needs === 'any' ? ' or ' : ' and ');
    const plural = helper.needs === 'all' && missing.length > 1;
    messages.push(`The program${plural ? 's' : ''} ${names} ${plural ? 'are' : 'is'} missing, so ${helper.purpose} will not work. ${helper.remedy}.`);
  }
  return messages;
}
