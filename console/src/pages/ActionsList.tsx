/** Actions: name, trigger, build status and the version that runs; refreshed while a draft is building. */
import { useConsole } from '../components/context';
import { useLoad, usePolling } from '../components/hooks';
import { ErrorMessage, Link, StatusBadge, TableHeader } from '../components/ui';
import { deployedLabel, isBuilding } from '../state/action-status';
import { formatTime } from '../state/format';

export function ActionsList() {
  const { api } = useConsole();
  const actions = useLoad(() => api.listActions(), [api]);
  usePolling(!!actions.data?.some(isBuilding), async () => actions.setData(await api.listActions()));
  return (
    <section>
      <div className="title-row">
        <h1>Actions</h1>
        <Link to="/actions/new" className="button primary">
          Create action
        </Link>
      </div>
      <ErrorMessage error={actions.error} />
      {actions.data && actions.data.length === 0 && <p>No actions yet. Create one to get started.</p>}
      {actions.data && actions.data.length > 0 && (
        <table className="table">
          <TableHeader
            caption="Actions of this tenant"
            columns={['Name', 'Trigger', 'Status', 'Deployed', 'Updated']}
          />
          <tbody>
            {actions.data.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/actions/${a.id}`}>{a.name}</Link>
                </th>
                <td>{a.supported_triggers.map((t) => `${t.id} (${t.version})`).join(', ')}</td>
                <td>
                  <StatusBadge action={a} />
                </td>
                <td>{deployedLabel(a)}</td>
                <td>{formatTime(a.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
