// The agent's ask_human question; the answer the person sends, or their decline, is the tool's result.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PendingQuestion } from '../../shared/types.js';
import { Countdown } from './Countdown.js';
import { ModalDialog } from './ModalDialog.js';

interface QuestionDialogProps {
  question: PendingQuestion;
  /** Waiting approvals and questions, this one included. */
  queueLength: number;
  onAnswer: (answer: string) => void;
  onDecline: () => void;
}

export function QuestionDialog({ question, queueLength, onAnswer, onDecline }: QuestionDialogProps) {
  const answerBox = useRef<HTMLTextAreaElement>(null);
  const [answer, setAnswer] = useState('');
  const [empty, setEmpty] = useState(false);

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (answer.trim() === '') {
      setEmpty(true);
      answerBox.current?.focus();
      return;
    }
    onAnswer(answer);
  };

  // Enter sends, Shift+Enter adds a line, as in chat boxes.
  const onAnswerKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) send(event);
  };

  return (
    <ModalDialog titleId="question-title" descriptionId="question-text" initialFocus={answerBox} className="question">
      <form onSubmit={send}>
        <div className="modal-head">
          <h2 id="question-title">{`${question.client} asks`}</h2>
          {queueLength > 1 && <span className="queue-position">{`1 of ${queueLength}`}</span>}
        </div>
        <p id="question-text" className="question-text">{question.question}</p>
        <Countdown createdAt={question.createdAt} expiresAt={question.expiresAt} kind="question" />
        <label className="field">
          <span>Answer</span>
          <textarea
            ref={answerBox}
            rows={3}
            value={answer}
            aria-invalid={empty}
            aria-describedby={empty ? 'answer-error' : undefined}
            onChange={(event) => {
              setAnswer(event.target.value);
              setEmpty(false);
            }}
            onKeyDown={onAnswerKey}
          />
        </label>
        {empty && (
          <p id="answer-error" className="field-error" role="alert">
            Type an answer first; the agent is waiting for it.
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onDecline} title="Tell the agent you will not answer this question">
            Decline
          </button>
          <button type="submit" className="button-primary">
            Send
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
