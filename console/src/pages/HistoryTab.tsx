/** The audit history of an action or of a trigger's bindings: who changed what, and when (docs/audit.md). */
import type { HistoryEntry } from '../api/types';
import { useConsole } from '../components/context';
import { useLoad } from '../components/hooks';
import { ErrorMessage } from '../components/ui';
import { formatTime } from '../state/format';

export function HistoryTab({ actionId }: { actionId: string }) {
  const { api } = useConsole();
  const history = useLoad(() => api.actionHistory(actionId), [api, actionId]);
  return (
    <>
      <ErrorMessage error={history.error} />
      {history.data && <HistoryTable entries={history.data} caption="History of this action, newest first" />}
    </>
  );
}

export function HistoryTable(props: {
  entries: HistoryEntry[];
  caption: string;
  /** When given, each row offers to show the resource as it was right after that change. */
  onPick?: (entry: HistoryEntry) => void;
}) {
  const { entries, caption, onPick } = props;
  const newestFirst = [...entries].reverse();
  return (
    <table className="table history" data-testid="history">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Event</th>
          <th scope="col">What changed</th>
          {onPick && (
            <th scope="col">
              <span className="visually-hidden">Point in time</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((e) => (
          <tr key={e.event_id}>
            <td>{formatTime(e.time)}</td>
            <td>{e.actor}</td>
            <td>{e.type}</td>
            <td>{e.summary}</td>
            {onPick && (
              <td>
                <button type="button" className="small" onClick={() => onPick(e)}>
                  As of position {e.position}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
