/**
 * The diff endpoint answers a unified diff (docs/audit.md, "Version diff"); the console shows it side by side.
 * Each hunk becomes rows: unchanged lines on both sides, and a run of removals paired line by line with the run of
 * additions that follows it.
 */
export interface DiffLine {
  number: number;
  text: string;
}

export type RowKind = 'hunk' | 'same' | 'removed' | 'added' | 'changed';

export interface DiffRow {
  kind: RowKind;
  left?: DiffLine;
  right?: DiffLine;
  /** For a hunk row: its header (`@@ -1,3 +1,4 @@`). */
  header?: string;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function sideBySide(unifiedDiff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let left = 0;
  let right = 0;
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const l = removed[i];
      const r = added[i];
      rows.push({ kind: l && r ? 'changed' : l ? 'removed' : 'added', left: l, right: r });
    }
    removed = [];
    added = [];
  };
  let inHunk = false;
  for (const line of unifiedDiff.split('\n')) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      flush();
      left = Number(hunk[1]);
      right = Number(hunk[2]);
      inHunk = true;
      rows.push({ kind: 'hunk', header: line });
      continue;
    }
    if (!inHunk || line.startsWith('\\')) continue; // file headers before the first hunk; "\ No newline…"
    if (line.startsWith('-')) removed.push({ number: left++, text: line.slice(1) });
    else if (line.startsWith('+')) added.push({ number: right++, text: line.slice(1) });
    else if (line.startsWith(' ')) {
      flush();
      const text = line.slice(1);
      rows.push({ kind: 'same', left: { number: left++, text }, right: { number: right++, text } });
    }
  }
  flush();
  return rows;
}
