/** A version diff (docs/audit.md, "Version diff"): what changed, and the code side by side. */
import type { VersionDiff } from '../api/types';
import { sideBySide } from '../state/diff';

export function DiffView({ diff }: { diff: VersionDiff }) {
  const rows = diff.code.changed ? sideBySide(diff.code.unified_diff) : [];
  return (
    <div className="diff" data-testid="version-diff">
      <h3>
        Version {diff.from.number} → version {diff.to.number}
      </h3>
      {diff.summary.length === 0 ? (
        <p>No differences.</p>
      ) : (
        <ul>
          {diff.summary.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <table className="diff-table">
          <caption className="visually-hidden">
            Code of version {diff.from.number} (left) and version {diff.to.number} (right)
          </caption>
          <colgroup>
            <col className="ln-col" />
            <col />
            <col className="ln-col" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" colSpan={2}>
                Version {diff.from.number}
              </th>
              <th scope="col" colSpan={2}>
                Version {diff.to.number}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) =>
              row.kind === 'hunk' ? (
                <tr key={i} className="diff-hunk">
                  <td colSpan={4}>{row.header}</td>
                </tr>
              ) : (
                <tr key={i} className={`diff-${row.kind}`}>
                  <td className="ln">{row.left?.number ?? ''}</td>
                  <td className={row.left && row.kind !== 'same' ? 'del' : ''}>
                    {row.left && row.kind !== 'same' && <span className="visually-hidden">removed: </span>}
                    <code>{row.left?.text ?? ''}</code>
                  </td>
                  <td className="ln">{row.right?.number ?? ''}</td>
                  <td className={row.right && row.kind !== 'same' ? 'ins' : ''}>
                    {row.right && row.kind !== 'same' && <span className="visually-hidden">added: </span>}
                    <code>{row.right?.text ?? ''}</code>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
