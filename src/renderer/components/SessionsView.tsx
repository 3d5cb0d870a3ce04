// Connected agents: who they are, how many calls they made and how much of their context budget results have used.
import { useState } from 'react';
import type { Bridge } from '../../shared/bridge.js';
import type { SessionInfo } from '../../shared/types.js';
import { formatCount, formatTime } from '../displayFormat.js';
import { TokenMeter } from './TokenMeter.js';

function ClientConfig({ bridge }: { bridge: Bridge }) {
  const [text, setText] = useState<string>();
  const [error, setError] = useState<string>();
  const load = () => {
    bridge.getClientConfig().then(setText, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  };
  return (
    <details
      className="client-config"
      onToggle={(event) => {
        if (event.currentTarget.open && text === undefined) load();
      }}
    >
      <summary>Connect an MCP client</summary>
      <p>Paste the matching block into your client's configuration. It contains the access token: keep it private.</p>
      {error && <p className="field-error">{error}</p>}
      {text !== undefined && <pre className="config-text">{text}</pre>}
    </details>
  );
}

export function SessionsView({ sessions, bridge }: { sessions: SessionInfo[]; bridge: Bridge }) {
  const ordered = [...sessions].sort((a, b) => Number(b.connected) - Number(a.connected) || b.connectedAt - a.connectedAt);
  return (
    <section className="view" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      {ordered.length === 0 ? (
        <p className="empty">No agent has connected yet.</p>
      ) : (
        <table className="sessions">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Connection</th>
              <th scope="col">Calls</th>
              <th scope="col">Token use</th>
              <th scope="col">Most used tools</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((session) => (
              <tr key={session.id} className={session.connected ? '' : 'disconnected'}>
                <th scope="row">{session.client}</th>
                <td>{session.connected ? `Connected since ${formatTime(session.connectedAt)}` : 'Disconnected'}</td>
                <td className="number">{formatCount(session.calls)}</td>
                <td>
                  <TokenMeter client={session.client} tokens={session.tokens} budget={session.budget} />
                </td>
                <td className="by-tool">
                  {Object.entries(session.byTool)
                    .sort(([, a], [, b]) => b.tokens - a.tokens)
                    .slice(0, 3)
                    .map(([tool, use]) => `${tool} ${formatCount(use.calls)}× · ${formatCount(use.tokens)} tokens`)
                    .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ClientConfig bridge={bridge} />
    </section>
  );
}
