import { describe, expect, it } from 'vitest';
import { sideBySide } from './diff';

const unified = [
  'Index: index.js',
  '===================================================================',
  '--- version-1/index.js\tv1',
  '+++ version-2/index.js\tv2',
  '@@ -1,4 +1,5 @@',
  ' exports.onExecutePostLogin = async (event, api) => {',
  "-  api.idToken.setCustomClaim('role', 'user');",
  "+  api.idToken.setCustomClaim('role', 'admin');",
  "+  console.log('set');",
  ' };',
  '-// old',
  '\\ No newline at end of file',
].join('\n');

describe('side-by-side diff', () => {
  it('pairs removals with the additions after them and numbers both sides', () => {
    const rows = sideBySide(unified);
    expect(rows.map((r) => r.kind)).toEqual(['hunk', 'same', 'changed', 'added', 'same', 'removed']);
    expect(rows[1]).toMatchObject({ left: { number: 1 }, right: { number: 1 } });
    expect(rows[2]).toEqual({
      kind: 'changed',
      left: { number: 2, text: "  api.idToken.setCustomClaim('role', 'user');" },
      right: { number: 2, text: "  api.idToken.setCustomClaim('role', 'admin');" },
    });
    expect(rows[3]).toEqual({ kind: 'added', left: undefined, right: { number: 3, text: "  console.log('set');" } });
    expect(rows[4]).toMatchObject({ left: { number: 3, text: '};' }, right: { number: 4, text: '};' } });
    expect(rows[5]).toEqual({ kind: 'removed', left: { number: 4, text: '// old' }, right: undefined });
  });

  it('starts each hunk at its own line numbers', () => {
    const rows = sideBySide('@@ -10,1 +12,1 @@\n-a\n+b\n@@ -40 +42 @@\n c');
    expect(rows.filter((r) => r.kind === 'hunk').map((r) => r.header)).toEqual(['@@ -10,1 +12,1 @@', '@@ -40 +42 @@']);
    expect(rows[1]).toMatchObject({ left: { number: 10 }, right: { number: 12 } });
    expect(rows[3]).toMatchObject({ kind: 'same', left: { number: 40 }, right: { number: 42 } });
  });

  it('has no rows for an empty diff', () => {
    expect(sideBySide('')).toEqual([]);
  });
});
