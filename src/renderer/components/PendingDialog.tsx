// Shows the oldest waiting approval or question; the rest wait their turn, counted in the dialog ("1 of 3").
import type { ApprovalDecision, Pending } from '../../shared/types.js';
import { ApprovalDialog } from './ApprovalDialog.js';
import { QuestionDialog } from './QuestionDialog.js';

interface PendingDialogProps {
  queue: Pending[];
  onDecide: (id: string, decision: ApprovalDecision, reason: string) => void;
  onAnswer: (id: string, answer: string) => void;
  onDecline: (id: string) => void;
}

export function PendingDialog({ queue, onDecide, onAnswer, onDecline }: PendingDialogProps) {
  const first = queue[0];
  if (!first) return null;
  if (first.kind === 'approval') {
    return <ApprovalDialog key={first.id} approval={first} queueLength={queue.length} onAnswer={(decision, reason) => onDecide(first.id, decision, reason)} />;
  }
  return (
    <QuestionDialog
      key={first.id}
      question={first}
      queueLength={queue.length}
      onAnswer={(answer) => onAnswer(first.id, answer)}
      onDecline={() => onDecline(first.id)}
    />
  );
}
