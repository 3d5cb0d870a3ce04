// Turns an app name into a command line on Linux: a program in PATH, or the Exec line of a .desktop file.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { findProgram } from '../runtimeDeps.js';

/** Splits a command line into words, honouring single quotes, double quotes and backslashes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`The command "${line}" has an unclosed ${quote === '"' ? 'double' : 'single'} quote.`);
  if (inWord) words.push(word);
  return words;
}

/** The Exec line's words without field codes (%f, %U, …); %% stays as a literal percent sign. */
export function execWords(exec: string): string[] {
  return splitCommandLine(exec)
    .filter((w) => !/^%[fFuUdDnNickvm]$/.test(w))
    .map((w) => w.replace(/%([fFuUdDnNickvm%])/g, (_, code: string) => (code === '%' ? '%' : '')))
    .filter((w) => w.length > 0);
}

export function applicationDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean);
  return [dataHome, ...dataDirs].map((d) => join(d, 'applications'));
}

interface DesktopEntry {
  file: string;
  name: string;
  exec: string;
}

function readDesktopEntry(file: string): DesktopEntry | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let inMain = false;
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) inMain = trimmed === '[Desktop Entry]';
    else if (inMain) {
      const match = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(trimmed);
      if (match?.[1] && match[2] !== undefined && !(match[1] in fields)) fields[match[1]] = match[2];
    }
  }
  if (!fields.Exec || fields.Hidden === 'true' || (fields.Type && fields.Type !== 'Application')) return null;
  return { file, name: fields.Name ?? '', exec: fields.Exec };
}

function desktopEntries(dirs: string[]): DesktopEntry[] {
  const entries: DesktopEntry[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.desktop')).sort()) {
      const entry = readDesktopEntry(join(dir, name));
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

/** The argv to run for `name`, or an error naming where it looked. */
export function resolveLinuxAppCommand(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const words = splitCommandLine(name.trim());
  const program = words[0];
  if (!program) throw new Error('Give the name of an app or a command to launch.');
  if (program.includes('/') || findProgram(program, env.PATH ?? '', 'linux')) return words;
  const wanted = name.trim().toLowerCase();
  const dirs = applicationDirs(env);
  const entries = desktopEntries(dirs);
  const entry =
    entries.find((e) => basename(e.file, '.desktop').toLowerCase() === wanted) ??
    entries.find((e) => e.name.toLowerCase() === wanted) ??
    entries.find((e) => e.name.toLowerCase().includes(wanted) || basename(e.file, '.desktop').toLowerCase().includes(wanted));
  if (!entry) {
    throw new Error(`No program or app named "${name}" was found: it is not a command in PATH, nor an app in ${dirs.join(', ')}.`);
  }
  return execWords(entry.exec);
}
