// Recent audit records and whether the hash chain on disk is intact.
import { useCallback, useEffect, useState } from 'react';
import type { Bridge } from '../../shared/bridge.js';
import type { AuditRecord, AuditVerification } from '../../shared/types.js';
import { formatCount, formatTime } from '../displayFormat.js';

const RECENT = 200;

function Verification({ verification }: { verification: AuditVerification }) {
  if (verification.ok) {
    return (
      <p className="audit-verification audit-intact">
        {`Chain intact: ${formatCount(verification.records)} records in ${formatCount(verification.files)} ${verification.files === 1 ? 'file' : 'files'}.`}
        {verification.torn && ` Warning: ${verification.torn.file}:${verification.torn.line}: ${verification.torn.problem}.`}
      </p>
    );
  }
  return (
    <p className="audit-verification audit-broken" role="alert">
      {`Chain broken at ${verification.file}:${verification.line}: ${verification.problem}`}
    </p>
  );
}

function outcomeOf(record: AuditRecord): string {
  return record.outcome ?? record.decision ?? record.detail ?? '';
}

export function AuditView({ bridge }: { bridge: Bridge }) {
  const [audit, setAudit] = useState<{ records: AuditRecord[]; verification: AuditVerification }>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    bridge
      .getAudit(RECENT)
      .then((result) => {
        setAudit(result);
        setError(undefined);
      })
      .catch((failure: unknown) => setError(`Could not read the audit log: ${failure instanceof Error ? failure.message : String(failure)}`))
      .finally(() => setLoading(false));
  }, [bridge]);

  useEffect(load, [load]);

  const newestFirst = audit ? [...audit.records].sort((a, b) => b.seq - a.seq) : [];
  return (
    <section className="view" aria-labelledby="audit-title">
      <div className="view-head">
        <h2 id="audit-title">Audit log</h2>
        <button type="button" onClick={load} disabled={loading}>
          {loading ? 'Checking…' : 'Refresh and verify'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {audit && <Verification verification={audit.verification} />}
      {audit && newestFirst.length === 0 && <p className="empty">No records yet.</p>}
      {newestFirst.length > 0 && (
        <table className="audit">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Client</th>
              <th scope="col">Tool</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((record) => (
              <tr key={record.seq}>
                <td className="number">{record.seq}</td>
                <td>{formatTime(record.ts)}</td>
                <td>{record.event}</td>
                <td>{record.client ?? ''}</td>
                <td>{record.tool ? <code>{record.tool}</code> : ''}</td>
                <td>{outcomeOf(record)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
