// Policy and limits, edited as a form, checked here first and then by the server, which has the last word.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Bridge } from '../../shared/bridge.js';
import { TOOL_NAMES, type HandsOnMode, type PresetName, type RuleMode, type Settings } from '../../shared/types.js';
import { fromDraft, newRuleKey, toDraft, type CustomRuleDraft, type DraftErrors, type SettingsDraft } from '../state/settingsDraft.js';

const PRESETS: { value: PresetName; label: string }[] = [
  { value: 'cautious', label: 'Cautious: every action that changes something asks' },
  { value: 'supervised', label: 'Supervised: shell, app launch/close, clipboard writes and risky keys ask' },
  { value: 'autonomous', label: 'Autonomous: nothing asks; deny rules still hold' },
];
const HANDS_ON: { value: HandsOnMode; label: string }[] = [
  { value: 'pause', label: 'Pause Chaperone' },
  { value: 'stop', label: 'Stop all' },
  { value: 'off', label: 'Do nothing' },
];
const MODES: RuleMode[] = ['allow', 'ask', 'deny'];

function Field({ label, error, errorId, hint, children }: { label: string; error?: string; errorId: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label>
        <span>{label}</span>
        {children}
      </label>
      {hint && <small className="hint">{hint}</small>}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'refused'; message: string } | { kind: 'invalid' };

export function SettingsView({ settings, bridge }: { settings: Settings; bridge: Bridge }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  // Follow changes made elsewhere (another panel, the tray) unless the person is mid-edit.
  useEffect(() => {
    if (!dirty) setDraft(toDraft(settings));
  }, [settings, dirty]);

  const edit = (change: Partial<SettingsDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setDirty(true);
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
  };
  const editRule = (key: number, change: Partial<CustomRuleDraft>) =>
    edit({ custom: draft.custom.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)) });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = fromDraft(draft);
    if ('errors' in result) {
      setErrors(result.errors);
      setSave({ kind: 'invalid' });
      return;
    }
    setErrors({});
    setSave({ kind: 'saving' });
    const answer = await bridge.saveSettings({ ...settings, ...result.settings }).catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : String(error),
    }));
    if (answer.ok) {
      setDirty(false);
      setSave({ kind: 'saved' });
    } else {
      setSave({ kind: 'refused', message: answer.error });
    }
  };

  const invalid = (field: string) => ({ 'aria-invalid': errors[field] ? true : undefined, 'aria-describedby': errors[field] ? `${field}-error` : undefined });

  return (
    <section className="view" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form className="settings" onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>Policy</legend>
          <Field label="Preset" errorId="preset-error">
            <select value={draft.preset} onChange={(event) => edit({ preset: event.target.value as PresetName })}>
              {PRESETS.map((preset) => (
                <option key={preset.value} value={preset.value}>
                  {preset.label}
                </option>
              ))}
            </select>
          </Field>
          <table className="tool-modes">
            <caption>Per-tool modes (checked before the preset)</caption>
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Mode</th>
              </tr>
            </thead>
            <tbody>
              {TOOL_NAMES.map((tool) => (
                <tr key={tool}>
                  <th scope="row">
                    <code>{tool}</code>
                  </th>
                  <td>
                    <select
                      aria-label={`Mode for ${tool}`}
                      value={draft.toolModes[tool] ?? ''}
                      onChange={(event) => edit({ toolModes: { ...draft.toolModes, [tool]: event.target.value as RuleMode | '' } })}
                    >
                      <option value="">Preset default</option>
                      {MODES.map((mode) => (
                        <option key={mode} value={mode}>
                          {mode}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>

        <fieldset>
          <legend>Custom rules</legend>
          <p className="hint">Checked first, top to bottom; the first rule that matches decides. A rule can match one argument against a regular expression.</p>
          {draft.custom.length === 0 && <p className="empty">No custom rules.</p>}
          <ol className="custom-rules">
            {draft.custom.map((rule, index) => (
              <li key={rule.key} className="custom-rule">
                <Field label="Tool" errorId={`rule-${rule.key}-tool-error`} error={errors[`rule-${rule.key}-tool`]}>
                  <input list="tool-names" value={rule.tool} onChange={(event) => editRule(rule.key, { tool: event.target.value })} {...invalid(`rule-${rule.key}-tool`)} />
                </Field>
                <Field label="Argument" errorId={`rule-${rule.key}-arg-error`} error={errors[`rule-${rule.key}-arg`]}>
                  <input value={rule.arg} placeholder="command" onChange={(event) => editRule(rule.key, { arg: event.target.value })} {...invalid(`rule-${rule.key}-arg`)} />
                </Field>
                <Field label="Pattern" errorId={`rule-${rule.key}-match-error`} error={errors[`rule-${rule.key}-match`]}>
                  <input value={rule.match} placeholder="^git (status|diff)" onChange={(event) => editRule(rule.key, { match: event.target.value })} {...invalid(`rule-${rule.key}-match`)} />
                </Field>
                <Field label="Rule mode" errorId={`rule-${rule.key}-mode-error`}>
                  <select value={rule.mode} onChange={(event) => editRule(rule.key, { mode: event.target.value as RuleMode })}>
                    {MODES.map((mode) => (
                      <option key={mode} value={mode}>
                        {mode}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Reason shown" errorId={`rule-${rule.key}-reason-error`}>
                  <input value={rule.reason} onChange={(event) => editRule(rule.key, { reason: event.target.value })} />
                </Field>
                <button type="button" className="button-quiet" onClick={() => edit({ custom: draft.custom.filter((other) => other.key !== rule.key) })}>
                  {`Remove rule ${index + 1}`}
                </button>
              </li>
            ))}
          </ol>
          <datalist id="tool-names">
            <option value="*" />
            {TOOL_NAMES.map((tool) => (
              <option key={tool} value={tool} />
            ))}
          </datalist>
          <button type="button" onClick={() => edit({ custom: [...draft.custom, { key: newRuleKey(), tool: 'shell', arg: '', match: '', mode: 'ask', reason: '' }] })}>
            Add rule
          </button>
        </fieldset>

        <fieldset>
          <legend>Limits and behaviour</legend>
          <div className="field-grid">
            <Field label="Approval timeout (seconds)" errorId="approvalTimeoutS-error" error={errors.approvalTimeoutS} hint="No answer in this time denies the call.">
              <input inputMode="numeric" value={draft.approvalTimeoutS} onChange={(event) => edit({ approvalTimeoutS: event.target.value })} {...invalid('approvalTimeoutS')} />
            </Field>
            <Field label="When you move the mouse during an action" errorId="handsOn-error">
              <select value={draft.handsOn} onChange={(event) => edit({ handsOn: event.target.value as HandsOnMode })}>
                {HANDS_ON.map((mode) => (
                  <option key={mode.value} value={mode.value}>
                    {mode.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Rate limit (calls per minute per session)" errorId="rateLimitPerMinute-error" error={errors.rateLimitPerMinute}>
              <input inputMode="numeric" value={draft.rateLimitPerMinute} onChange={(event) => edit({ rateLimitPerMinute: event.target.value })} {...invalid('rateLimitPerMinute')} />
            </Field>
            <Field label="Token budget per session" errorId="tokenBudget-error" error={errors.tokenBudget}>
              <input inputMode="numeric" value={draft.tokenBudget} onChange={(event) => edit({ tokenBudget: event.target.value })} {...invalid('tokenBudget')} />
            </Field>
            <Field label="Stop all shortcut" errorId="stopShortcut-error" error={errors.stopShortcut} hint="Desktop app only.">
              <input value={draft.stopShortcut} onChange={(event) => edit({ stopShortcut: event.target.value })} {...invalid('stopShortcut')} />
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={draft.redactTypedText} onChange={(event) => edit({ redactTypedText: event.target.checked })} />
            Redact typed text in the feed and audit log
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.redactClipboard} onChange={(event) => edit({ redactClipboard: event.target.checked })} />
            Redact clipboard contents in the feed and audit log
          </label>
          <Field
            label="Hosts fetch_page may reach on private networks"
            errorId="fetchAllowHosts-error"
            error={errors.fetchAllowHosts}
            hint="One per line. Public hosts need no entry."
          >
            <textarea rows={3} value={draft.fetchAllowHosts} onChange={(event) => edit({ fetchAllowHosts: event.target.value })} {...invalid('fetchAllowHosts')} />
          </Field>
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={save.kind === 'saving'}>
            Save settings
          </button>
          <span role="status" className="save-state">
            {save.kind === 'saved' && 'Saved'}
            {save.kind === 'saving' && 'Saving…'}
          </span>
          {save.kind === 'invalid' && (
            <p className="field-error" role="alert">
              Some settings need fixing before they can be saved; see the messages above.
            </p>
          )}
          {save.kind === 'refused' && (
            <p className="field-error" role="alert">
              {`Not saved: ${save.message}`}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
