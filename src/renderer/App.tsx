// The control panel: status and kill switch always on top, then notices, the views, and any waiting approval.
import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../shared/bridge.js';
import type { ApprovalDecision, SaveResult } from '../shared/types.js';
import { ActionFeed } from './components/ActionFeed.js';
import { AuditView } from './components/AuditView.js';
import { NoticeArea } from './components/NoticeArea.js';
import { PendingDialog } from './components/PendingDialog.js';
import { SessionsView } from './components/SessionsView.js';
import { SettingsView } from './components/SettingsView.js';
import { STATUS_WORDS, StatusBar } from './components/StatusBar.js';
import { panelId, tabId, ViewTabs, type ViewName } from './components/ViewTabs.js';
import { FeedStore } from './state/feedStore.js';
import { usePanelPresence } from './state/usePanelPresence.js';
import { usePanelState } from './state/usePanelState.js';
import { PANEL_TITLE_MARKER } from '../shared/seat.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function useShortcutProblem(bridge: Bridge, accelerator: string | undefined): string | undefined {
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (!bridge.getShortcutStatus) return;
    let active = true;
    bridge.getShortcutStatus().then(
      (status) => {
        if (!active) return;
        const cause = status.error ?? 'another application may already use it';
        setProblem(status.registered ? undefined : `The Stop all shortcut ${status.accelerator} could not be registered: ${cause}`);
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [bridge, accelerator]);
  return problem;
}

export function App({ bridge }: { bridge: Bridge }) {
  const feed = useMemo(() => new FeedStore(), []);
  const [state, dismissNotice, report] = usePanelState(bridge, feed);
  const [view, setView] = useState<ViewName>('feed');
  const [answered, setAnswered] = useState<ReadonlySet<string>>(() => new Set());
  const shortcutProblem = useShortcutProblem(bridge, state.settings?.stopShortcut);
  usePanelPresence(bridge);

  // Answered items leave the queue at once; the server's next 'pending' event confirms it.
  const queue = useMemo(
    () => state.pending.filter((item) => !answered.has(item.id)).sort((a, b) => a.createdAt - b.createdAt),
    [state.pending, answered],
  );

  useEffect(() => {
    // The marker lets the window-at-point check recognise this window even before its presence report lands.
    document.title = queue.length > 0 ? `(${queue.length}) Waiting for you · ${PANEL_TITLE_MARKER}` : `${STATUS_WORDS[state.status]} · ${PANEL_TITLE_MARKER}`;
  }, [state.status, queue.length]);

  const control = (action: () => Promise<void>, what: string) => () => {
    action().catch((error: unknown) => report(`${what} did not go through: ${messageOf(error)}`));
  };

  const settle = (id: string, answer: Promise<SaveResult>) => {
    setAnswered((current) => new Set(current).add(id));
    // If the answer did not land, the item comes back while the server still lists it as waiting.
    const unhide = () =>
      setAnswered((current) => {
        const next = new Set(current);
        next.delete(id);
        return next;
      });
    answer
      .then((result) => {
        if (result.ok) return;
        unhide();
        report(`Your answer was not taken: ${result.error}`);
      })
      .catch((error: unknown) => {
        unhide();
        report(`Your answer was not sent: ${messageOf(error)}`);
      });
  };
  const decide = (id: string, decision: ApprovalDecision, reason: string) => settle(id, bridge.answerApproval(id, decision, reason.trim() || undefined));
  const answerQuestion = (id: string, answer: string) => settle(id, bridge.answerQuestion(id, answer));
  const declineQuestion = (id: string) => settle(id, bridge.declineQuestion(id));

  return (
    <div className="app">
      <StatusBar
        status={state.status}
        reason={state.reason}
        onPause={control(() => bridge.pause(), 'Pause')}
        onResume={control(() => bridge.resume(), 'Resume')}
        onStop={control(() => bridge.stop(), 'Stop all')}
        onRearm={control(() => bridge.rearm(), 'Re-arm')}
      />
      <div className="main" inert={queue.length > 0}>
        <NoticeArea notices={state.notices} connectionError={state.connectionError} shortcutProblem={shortcutProblem} onDismiss={dismissNotice} />
        <ViewTabs current={view} onSelect={setView} />
        <div role="tabpanel" id={panelId('feed')} aria-labelledby={tabId('feed')} className="tabpanel tabpanel-feed" hidden={view !== 'feed'}>
          <ActionFeed store={feed} />
        </div>
        {view !== 'feed' && (
          <div role="tabpanel" id={panelId(view)} aria-labelledby={tabId(view)} className="tabpanel">
            {view === 'sessions' && <SessionsView sessions={state.sessions} bridge={bridge} />}
            {view === 'settings' && (state.settings ? <SettingsView settings={state.settings} bridge={bridge} /> : <p className="empty">Loading settings…</p>)}
            {view === 'audit' && <AuditView bridge={bridge} />}
          </div>
        )}
      </div>
      <PendingDialog queue={queue} onDecide={decide} onAnswer={answerQuestion} onDecline={declineQuestion} />
    </div>
  );
}
