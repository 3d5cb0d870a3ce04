// A modal dialog that keeps keyboard focus inside itself and gives it back to where it was when it closes.
import { useEffect, useRef, type ReactNode, type RefObject, type KeyboardEvent } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface ModalDialogProps {
  titleId: string;
  /** The element that says what the dialog is about, read after its name. */
  descriptionId?: string;
  initialFocus: RefObject<HTMLElement | null>;
  onEscape?: () => void;
  className?: string;
  children: ReactNode;
}

export function ModalDialog({ titleId, descriptionId, initialFocus, onEscape, className, children }: ModalDialogProps) {
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    initialFocus.current?.focus();
    return () => {
      if (previous && document.contains(previous)) previous.focus();
    };
  }, [initialFocus]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop">
      <div ref={dialog} role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={descriptionId} className={`modal ${className ?? ''}`} onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>
  );
}
