// "Approve action?": shows exactly what the agent's call will do and takes the person's decision.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ApprovalDecision, PendingApproval } from '../../shared/types.js';
import { Countdown } from './Countdown.js';
import { ModalDialog } from './ModalDialog.js';
import { RiskBadge } from './RiskBadge.js';
import { describeTarget } from '../../shared/target.js';

interface ApprovalDialogProps {
  approval: PendingApproval;
  /** Waiting approvals and questions, this one included. */
  queueLength: number;
  onAnswer: (decision: ApprovalDecision, reason: string) => void;
}

// A click meant for the previous approval must not land on the next one that appears in its place.
const ARM_DELAY_MS = 500;

export function ApprovalDialog({ approval, queueLength, onAnswer }: ApprovalDialogProps) {
  const reasonBox = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), ARM_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  const { preview } = approval;
  const details: [string, string | undefined][] = [
    ['Command', preview.command],
    ['Working directory', preview.cwd],
    ['Text', preview.text],
    ['Keys', preview.keys],
    ['URL', preview.url],
  ];

  // Enter in the reason box must not approve: approving takes a deliberate move to the Approve button.
  const onReasonKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') event.preventDefault();
  };

  return (
    <ModalDialog titleId="approval-title" descriptionId="approval-description" initialFocus={reasonBox} onEscape={() => onAnswer('deny', reason)} className="approval">
      <div className="modal-head">
        <h2 id="approval-title">Approve action?</h2>
        {queueLength > 1 && <span className="queue-position">{`1 of ${queueLength}`}</span>}
      </div>
      <p className="approval-who">
        <strong>{approval.client}</strong> wants to use <code>{approval.tool}</code> <RiskBadge risk={approval.risk} />
      </p>
      <p id="approval-description" className="approval-description">{preview.description}</p>
      {preview.on && <p className="approval-target">{`On ${describeTarget(preview.on)}`}</p>}
      {approval.reason && <p className="approval-reason">{`Why it asks: ${approval.reason}`}</p>}
      <dl className="approval-details">
        {details.map(([label, value]) =>
          value === undefined ? null : (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                <pre>{value}</pre>
              </dd>
            </div>
          ),
        )}

      </dl>
      {preview.image && <img className="approval-image" src={preview.image} alt="The screen now, with the target of this action marked" />}
      <Countdown createdAt={approval.createdAt} expiresAt={approval.expiresAt} />
      <label className="field">
        <span>Reason</span>
        <input
          ref={reasonBox}
          type="text"
          value={reason}
          placeholder="Optional; the agent receives it if you deny"
          onChange={(event) => setReason(event.target.value)}
          onKeyDown={onReasonKey}
        />
      </label>
      <div className="modal-actions">
        <button type="button" className="button-danger" onClick={() => onAnswer('deny', reason)}>
          Deny
        </button>
        <button type="button" disabled={!armed} onClick={() => onAnswer('always', reason)} title={`Allow ${approval.tool} for the rest of this session without asking`}>
          Always allow
        </button>
        <button type="button" className="button-primary" disabled={!armed} onClick={() => onAnswer('approve', reason)}>
          Approve
        </button>
      </div>
      <p className="hint">Esc denies. Tab to Approve and press Enter to approve.</p>
    </ModalDialog>
  );
}
