/** Create an action: a name and a trigger; the draft starts from the trigger's handler skeleton. */
import { useState, type FormEvent } from 'react';
import { useConsole } from '../components/context';
import { useLoad } from '../components/hooks';
import { ErrorMessage } from '../components/ui';
import { executableTriggers, starterCode } from '../state/triggers';
import { navigate } from '../state/router';

export function CreateAction() {
  const { api } = useConsole();
  const triggers = useLoad(() => api.listTriggers(), [api]);
  const [name, setName] = useState('');
  const [trigger, setTrigger] = useState('post-login');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const runnable = (triggers.data ?? []).filter((t) => t.status === 'CURRENT' && executableTriggers().includes(t.id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = runnable.find((t) => t.id === trigger);
    if (!chosen) return;
    setBusy(true);
    try {
      const { data } = await api.createAction({
        name: name.trim(),
        supported_triggers: [{ id: chosen.id, version: chosen.version }],
        code: starterCode(chosen.id),
      });
      navigate(`/actions/${data.id}`);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>Create action</h1>
      <form onSubmit={(e) => void submit(e)} className="form">
        <label htmlFor="action-name">Name</label>
        <input id="action-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={255} />
        <label htmlFor="action-trigger">Trigger</label>
        <select id="action-trigger" value={trigger} onChange={(e) => setTrigger(e.target.value)}>
          {runnable.map((t) => (
            <option key={`${t.id}@${t.version}`} value={t.id}>
              {t.id} ({t.version})
            </option>
          ))}
        </select>
        <ErrorMessage error={error ?? triggers.error} />
        <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
          Create
        </button>
      </form>
    </section>
  );
}
