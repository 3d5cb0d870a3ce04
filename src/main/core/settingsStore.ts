// Settings on disk: DATA/settings.json, plus a copy of the last file that validated.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../shared/types.js';
import { DEFAULT_SETTINGS, checkSettings } from './settingsSchema.js';

export interface LoadedSettings {
  settings: Settings;
  /** Why settings.json was not used, naming the line; the last good settings are in force. */
  error?: string;
}

export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

function parseError(text: string, error: Error): string {
  const explicit = /\(line (\d+) column (\d+)\)/.exec(error.message);
  const position = /at position (\d+)/.exec(error.message);
  const where = explicit
    ? { line: Number(explicit[1]), column: Number(explicit[2]) }
    : lineAndColumn(text, position ? Number(position[1]) : text.length);
  const cause = error.message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'The file ends too early');
  return `line ${where.line}, column ${where.column}: ${cause}`;
}

/** The line where a setting's key appears, so a person can find the value that failed. */
function lineOfPath(text: string, path: (string | number)[]): number | null {
  const key = [...path].reverse().find((part): part is string => typeof part === 'string');
  if (key === undefined) return null;
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? null : lineAndColumn(text, at).line;
}

/** Validates settings text; the error names the line. */
export function parseSettingsText(text: string): { ok: true; settings: Settings } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: parseError(text, error as Error) };
  }
  const checked = checkSettings(raw);
  if (checked.ok) return checked;
  const line = lineOfPath(text, checked.path);
  return { ok: false, error: line === null ? checked.error : `line ${line}: ${checked.error}` };
}

export class SettingsStore {
  readonly file: string;
  private readonly lastGoodFile: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json');
    this.lastGoodFile = join(dataDir, 'settings.last-good.json');
  }

  load(): LoadedSettings {
    if (!existsSync(this.file)) return { settings: defaultSettings() };
    const parsed = parseSettingsText(readFileSync(this.file, 'utf8'));
    if (parsed.ok) {
      this.writeAtomically(this.lastGoodFile, parsed.settings);
      return { settings: parsed.settings };
    }
    const error = `The settings file ${this.file} is not valid: ${parsed.error.replace(/\.$/, '')}. Chaperone keeps the last good settings until the file is fixed.`;
    if (existsSync(this.lastGoodFile)) {
      const lastGood = parseSettingsText(readFileSync(this.lastGoodFile, 'utf8'));
      if (lastGood.ok) return { settings: lastGood.settings, error };
    }
    return { settings: defaultSettings(), error };
  }

  save(settings: Settings): void {
    this.writeAtomically(this.file, settings);
    this.writeAtomically(this.lastGoodFile, settings);
  }

  private writeAtomically(file: string, settings: Settings): void {
    mkdirSync(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`);
    renameSync(temp, file);
  }
}
