// Decides allow / ask / deny for a call: the built-in deny list, then the person's rules, then the preset.
import type { ActionTarget } from '../../shared/target.js';
import type { PolicyRule, RuleMode, Settings } from '../../shared/types.js';
import { catastrophicReason, type ChaperoneGuard } from './catastrophicCommands.js';
import { PRESETS } from './presets.js';

export interface PolicyDecision {
  mode: RuleMode;
  reason?: string;
  /** Which list decided: the person's rules, the built-in deny list, or the preset. */
  source: 'rule' | 'builtin' | 'preset';
}

interface CompiledRule {
  rule: PolicyRule;
  pattern: RegExp | null;
}

export interface Policy {
  /** `target` is what an input call acts on; rules may match it as the pseudo-arguments `target`, `app` and `window`. */
  decide(tool: string, args: Record<string, unknown>, target?: ActionTarget): PolicyDecision;
}

/** A rule's `arg` read from the call: its own argument first, else what its target says (`target` is `role "name"`). */
function valueOf(name: string, args: Record<string, unknown>, target: ActionTarget | undefined): unknown {
  if (args[name] !== undefined) return args[name];
  if (!target) return undefined;
  if (name === 'target') return target.element ? `${target.element.role} "${target.element.name}"` : undefined;
  if (name === 'app') return target.window?.app;
  if (name === 'window') return target.window?.title;
  return undefined;
}

// Rules match case-insensitively: "RM" and "rm", "Alt+F4" and "alt+f4" mean the same to a person.
function compile(rules: readonly PolicyRule[]): CompiledRule[] {
  return rules.map((rule) => ({ rule, pattern: rule.match === undefined ? null : new RegExp(rule.match, 'i') }));
}

function firstMatch(rules: readonly CompiledRule[], tool: string, args: Record<string, unknown>, target: ActionTarget | undefined): PolicyRule | undefined {
  for (const { rule, pattern } of rules) {
    if (rule.tool !== '*' && rule.tool !== tool) continue;
    if (pattern) {
      const value = rule.arg === undefined ? undefined : valueOf(rule.arg, args, target);
      if (value === undefined || !pattern.test(String(value))) continue;
    }
    return rule;
  }
  return undefined;
}

/** The command a call would run on the machine, for the built-in deny list. */
function commandOf(tool: string, args: Record<string, unknown>): string | null {
  if (tool === 'shell' && typeof args.command === 'string') return args.command;
  if (tool === 'app' && args.action === 'launch' && typeof args.name === 'string') return args.name;
  return null;
}

/** `guard` names Chaperone's own data dir and process, which the deny list protects. */
export function compilePolicy(settings: Settings, guard?: ChaperoneGuard): Policy {
  const personRules = compile(settings.rules);
  const presetRules = compile(PRESETS[settings.preset]);
  return {
    decide(tool, args, target) {
      // The deny list comes first so that no rule, not even an allow-everything one, lets a catastrophe through.
      const command = commandOf(tool, args);
      const catastrophic = command === null ? null : catastrophicReason(command, guard);
      if (catastrophic) return { mode: 'deny', reason: catastrophic, source: 'builtin' };
      const own = firstMatch(personRules, tool, args, target);
      if (own) return { mode: own.mode, reason: own.reason, source: 'rule' };
      const preset = firstMatch(presetRules, tool, args, target);
      return preset ? { mode: preset.mode, reason: preset.reason, source: 'preset' } : { mode: 'ask', source: 'preset' };
    },
  };
}
