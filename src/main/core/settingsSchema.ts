// What valid Settings look like, the defaults, and plain-sentence validation errors.
import { z } from 'zod';
import { PRESET_NAMES, TOOL_NAMES, type Settings } from '../../shared/types.js';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  preset: 'supervised',
  rules: [],
  approvalTimeoutS: 120,
  handsOn: 'pause',
  rateLimitPerMinute: 1200,
  redaction: { typedText: false, clipboard: false },
  tokenBudget: 200_000,
  fetchAllowHosts: [],
  // Not Ctrl+Shift+Esc: Windows keeps that for Task Manager.
  stopShortcut: 'CommandOrControl+Alt+Shift+S',
});

const ruleSchema = z
  .object({
    tool: z.string().refine((tool) => tool === '*' || (TOOL_NAMES as readonly string[]).includes(tool), {
      message: `Must be a tool name (${TOOL_NAMES.join(', ')}) or *`,
    }),
    arg: z.string().min(1).optional(),
    match: z.string().optional(),
    mode: z.enum(['allow', 'ask', 'deny']),
    reason: z.string().optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.match === undefined) return;
    if (rule.arg === undefined) ctx.addIssue({ code: 'custom', path: ['arg'], message: 'Needed when a rule has a match pattern' });
    try {
      new RegExp(rule.match, 'i');
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['match'], message: `Not a valid regular expression (${(error as Error).message})` });
    }
  });

export const settingsSchema = z.object({
  preset: z.enum(PRESET_NAMES).default(DEFAULT_SETTINGS.preset),
  rules: z.array(ruleSchema).default([]),
  approvalTimeoutS: z.number().int().min(1).max(86_400).default(DEFAULT_SETTINGS.approvalTimeoutS),
  handsOn: z.enum(['pause', 'stop', 'off']).default(DEFAULT_SETTINGS.handsOn),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(DEFAULT_SETTINGS.rateLimitPerMinute),
  redaction: z
    .object({ typedText: z.boolean().default(false), clipboard: z.boolean().default(false) })
    .default({ typedText: false, clipboard: false }),
  tokenBudget: z.number().int().min(1).default(DEFAULT_SETTINGS.tokenBudget),
  fetchAllowHosts: z.array(z.string().min(1)).default([]),
  stopShortcut: z.string().min(1).default(DEFAULT_SETTINGS.stopShortcut),
});

export type SettingsCheck = { ok: true; settings: Settings } | { ok: false; error: string; path: (string | number)[] };

export function checkSettings(input: unknown): SettingsCheck {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data as Settings };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).filter((part): part is string | number => typeof part !== 'symbol');
  const where = path.length > 0 ? path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '') : 'settings';
  const message = (issue?.message ?? 'is not valid').replace(/^Invalid input: /, '');
  return { ok: false, error: `${where}: ${message}`.replace(/\.?$/, '.'), path };
}
