// The settings form's editable copy, and its validation back into the Settings the server accepts.
import { TOOL_NAMES, type HandsOnMode, type PolicyRule, type PresetName, type RuleMode, type Settings } from '../../shared/types.js';

export interface CustomRuleDraft {
  key: number;
  tool: string;
  arg: string;
  match: string;
  mode: RuleMode;
  reason: string;
}

export interface SettingsDraft {
  preset: PresetName;
  /** Per-tool mode; '' keeps the preset's behaviour. */
  toolModes: Record<string, RuleMode | ''>;
  custom: CustomRuleDraft[];
  approvalTimeoutS: string;
  handsOn: HandsOnMode;
  rateLimitPerMinute: string;
  redactTypedText: boolean;
  redactClipboard: boolean;
  tokenBudget: string;
  fetchAllowHosts: string;
  stopShortcut: string;
}

export type DraftErrors = Partial<Record<string, string>>;

let ruleKey = 0;
export function newRuleKey(): number {
  return ++ruleKey;
}

const TOOLS: ReadonlySet<string> = new Set(TOOL_NAMES);

function isToolMode(rule: PolicyRule): boolean {
  return TOOLS.has(rule.tool) && !rule.arg && !rule.match && !rule.reason;
}

export function toDraft(settings: Settings): SettingsDraft {
  const toolModes: Record<string, RuleMode | ''> = Object.fromEntries(TOOL_NAMES.map((tool) => [tool, '']));
  const custom: CustomRuleDraft[] = [];
  for (const rule of settings.rules) {
    if (isToolMode(rule) && toolModes[rule.tool] === '') toolModes[rule.tool] = rule.mode;
    else custom.push({ key: newRuleKey(), tool: rule.tool, arg: rule.arg ?? '', match: rule.match ?? '', mode: rule.mode, reason: rule.reason ?? '' });
  }
  return {
    preset: settings.preset,
    toolModes,
    custom,
    approvalTimeoutS: String(settings.approvalTimeoutS),
    handsOn: settings.handsOn,
    rateLimitPerMinute: String(settings.rateLimitPerMinute),
    redactTypedText: settings.redaction.typedText,
    redactClipboard: settings.redaction.clipboard,
    tokenBudget: String(settings.tokenBudget),
    fetchAllowHosts: settings.fetchAllowHosts.join('\n'),
    stopShortcut: settings.stopShortcut,
  };
}

function wholeNumber(text: string, min: number, max: number, what: string, errors: DraftErrors, field: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    errors[field] = `${what} must be a whole number from ${min} to ${max}.`;
  }
  return value;
}

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** Settings to save, or the message for each field that is wrong. */
export function fromDraft(draft: SettingsDraft): { settings: Settings } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const customRules: PolicyRule[] = draft.custom.map((rule) => {
    const tool = rule.tool.trim();
    const arg = rule.arg.trim();
    if (tool === '') errors[`rule-${rule.key}-tool`] = 'Name a tool, or * for every tool.';
    if (arg !== '' && rule.match === '') errors[`rule-${rule.key}-match`] = 'Give the pattern the argument must match.';
    if (arg === '' && rule.match !== '') errors[`rule-${rule.key}-arg`] = 'Name the argument this pattern applies to.';
    if (rule.match !== '') {
      try {
        new RegExp(rule.match);
      } catch (error) {
        errors[`rule-${rule.key}-match`] = `This is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return {
      tool,
      mode: rule.mode,
      ...(arg ? { arg } : {}),
      ...(rule.match ? { match: rule.match } : {}),
      ...(rule.reason.trim() ? { reason: rule.reason.trim() } : {}),
    };
  });
  // Custom rules are more specific, so they go first: the first matching rule wins.
  const toolRules: PolicyRule[] = TOOL_NAMES.flatMap((tool) => {
    const mode = draft.toolModes[tool];
    return mode ? [{ tool, mode }] : [];
  });
  const hosts = draft.fetchAllowHosts
    .split(/[\s,]+/)
    .map((host) => host.trim())
    .filter(Boolean);
  const badHost = hosts.find((host) => !HOST.test(host));
  if (badHost) errors.fetchAllowHosts = `"${badHost}" is not a host name (write it like intranet.example or 192.168.1.5:8080).`;
  const approvalTimeoutS = wholeNumber(draft.approvalTimeoutS, 1, 86_400, 'The approval timeout', errors, 'approvalTimeoutS');
  const rateLimitPerMinute = wholeNumber(draft.rateLimitPerMinute, 1, 100_000, 'The rate limit', errors, 'rateLimitPerMinute');
  const tokenBudget = wholeNumber(draft.tokenBudget, 1, 1_000_000_000, 'The token budget', errors, 'tokenBudget');
  if (draft.stopShortcut.trim() === '') errors.stopShortcut = 'Give a shortcut, for example CommandOrControl+Alt+Shift+S.';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    settings: {
      preset: draft.preset,
      rules: [...customRules, ...toolRules],
      approvalTimeoutS,
      handsOn: draft.handsOn,
      rateLimitPerMinute,
      redaction: { typedText: draft.redactTypedText, clipboard: draft.redactClipboard },
      tokenBudget,
      fetchAllowHosts: hosts,
      stopShortcut: draft.stopShortcut.trim(),
    },
  };
}
