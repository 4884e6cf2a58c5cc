/** History entries, version diffs and point-in-time folds from given events (pure; events made by the decider). */
import { actionDecider } from '../actions/actions.decider';
import { ActionState } from '../actions/actions.state';
import { draftKeyOf } from '../actions/action.content';
import type { ActionCommand } from '../actions/actions.commands';
import type { ActionContent, ActionEvent } from '../actions/actions.events';
import type { RecordedEvent } from '../event-store/port';
import { parseAsOf, recordedBy } from './as-of';
import { ActionStreamHistory, BindingsStreamHistory, HistoryEntry } from './history';
import { actionViewAt, foldActionAt, versionViewsAt } from './point-in-time';
import { diffVersions } from './version-diff';

const T = 'tenant-a';
const ID = 'a1';
const CIPHER = 'Q0lQSEVSVEVYVC1TSE9VTEQtTkVWRVItQVBQRUFS';

const content = (o: Partial<ActionContent> = {}): ActionContent => ({
  name: 'act',
  supportedTriggers: [{ id: 'post-login', version: 'v3' }],
  code: 'exports.onExecutePostLogin = async () => {};',
  dependencies: [],
  runtime: 'node22',
  secrets: [],
  ...o,
});
const secret = (name: string, fingerprint: string) => ({
  name,
  fingerprint,
  ciphertext: `${CIPHER}-${name}`,
  updatedAt: '2026-11-25T10:00:00.000Z',
});

/** Runs commands through the decider and records the events as a store would (metadata optional). */
class Log {
  state: ActionState = actionDecider.initialState();
  events: RecordedEvent[] = [];
  private t = Date.parse('2026-11-25T10:00:00.000Z');

  run(command: ActionCommand, actor: string | null = 'alice'): this {
    return this.record(actionDecider.decide(command, this.state), actor);
  }

  record(events: ActionEvent[], actor: string | null = 'alice'): this {
    for (const e of events) {
      this.state = actionDecider.evolve(this.state, e);
      const n = this.events.length;
      this.events.push({
        id: `e${n}`,
        type: e.type,
        data: e.data,
        stream: `action-${ID}`,
        revision: BigInt(n),
        position: { commit: BigInt(100 + n), prepare: BigInt(100 + n) },
        createdAt: new Date((this.t += 1000)).toISOString(),
        metadata: (actor === null
          ? { tenantId: T }
          : { tenantId: T, actor, correlationId: `req-${n}`, causationId: `req-${n}` }) as RecordedEvent['metadata'],
      });
    }
    return this;
  }
  draftKey(): string {
    return this.state.status === 'Active' ? this.state.draftKey : '';
  }
}

const now = '2026-11-25T10:00:00.000Z';
const create = (c: ActionContent): ActionCommand => ({
  type: 'CreateAction',
  data: { tenantId: T, actionId: ID, content: c, deploy: false, now },
});
const update = (c: ActionContent): ActionCommand => ({ type: 'UpdateAction', data: { tenantId: T, content: c, now } });
const built = (log: Log): ActionCommand => ({
  type: 'RecordDraftBuild',
  data: {
    tenantId: T,
    draftKey: log.draftKey(),
    versionId: 'unused',
    now,
    maxVersions: 0,
    build: {
      status: 'built',
      builtAt: now,
      artifactSha256: 'ab'.repeat(32),
      resolvedDependencies: [{ name: 'lodash', version: '4.17.21' }],
    },
  },
});
const deploy = (versionId: string): ActionCommand => ({
  type: 'DeployAction',
  data: { tenantId: T, versionId, now, maxVersions: 0 },
});

function entries(events: RecordedEvent[]): HistoryEntry[] {
  const h = new ActionStreamHistory();
  return events.map((e) => h.next(e));
}

describe('action history', () => {
  it('describes every kind of change, names secrets with fingerprints only, and restores packed code', () => {
    const log = new Log();
    const c1 = content({
      supportedTriggers: [{ id: 'post-login', version: 'v2' }],
      dependencies: [
        { name: 'lodash', version: '4.17.0' },
        { name: 'uuid', version: '9.0.0' },
      ],
      secrets: [secret('A', 'f1')],
    });
    log.run(create(c1)).run(built(log)).run(deploy('v1'));
    const c2 = {
      ...c1,
      name: 'renamed',
      code: `${c1.code}\n// two`,
      runtime: 'node18-actions',
      supportedTriggers: [{ id: 'post-login', version: 'v3' }],
      dependencies: [
        { name: 'lodash', version: '4.17.21' },
        { name: 'axios', version: '1.0.0', registry_url: 'https://r.example' },
      ],
      secrets: [secret('A', 'f2'), secret('B', 'f3')],
    };
    log.run(update(c2)).run(update({ ...c1, supportedTriggers: c2.supportedTriggers })); // back to c1's code: by hash only (packed)
    expect((log.events.at(-1)!.data as { content: { code?: string } }).content.code).toBeUndefined();
    // a build of an earlier draft, recorded by a replica that read the stream before the last update
    log
      .record([
        {
          type: 'ActionDraftBuilt',
          data: {
            tenantId: T,
            actionId: ID,
            draftKey: 'stale',
            builtAt: now,
            artifactSha256: 'cd'.repeat(32),
            resolvedDependencies: [],
          },
        },
      ])
      .run({
        type: 'RecordDraftBuild',
        data: {
          tenantId: T,
          draftKey: log.draftKey(),
          versionId: 'x',
          now,
          maxVersions: 0,
          build: { status: 'failed', failedAt: now, errors: [{ id: 'build_error', msg: 'SyntaxError: nope' }] },
        },
      })
      .run(update(c2))
      .run(built(log))
      .run(deploy('v2'))
      .run({
        type: 'RollbackVersion',
        data: { tenantId: T, targetVersionId: 'v1', versionId: 'v3', updateDraft: false, now, maxVersions: 0 },
      })
      .run({ type: 'DeleteAction', data: { tenantId: T, now } });

    const h = entries(log.events);
    expect(h.map((e) => [e.revision, e.type, e.summary])).toEqual([
      [
        0,
        'ActionCreated',
        expect.stringMatching(
          /^action "act" created: trigger post-login v2; runtime node22; code set \(1 line, sha256 [0-9a-f]{12}\); dependency lodash@4\.17\.0 added; dependency uuid@9\.0\.0 added; secret A set \(fingerprint f1\)$/,
        ),
      ],
      [1, 'ActionDraftBuilt', `build succeeded: artifact sha256 ${'ab'.repeat(6)}; resolved lodash@4.17.21`],
      [2, 'ActionVersionCreated', 'version 1 created'],
      [3, 'ActionVersionDeployed', 'version 1 deployed'],
      [4, 'ActionDraftUpdated', expect.any(String)],
      [5, 'ActionDraftUpdated', expect.any(String)],
      [6, 'ActionDraftBuilt', 'build of an earlier draft recorded (ignored: the draft had changed)'],
      [7, 'ActionDraftBuildFailed', 'build failed: build_error: SyntaxError: nope'],
      [8, 'ActionDraftUpdated', expect.any(String)],
      [9, 'ActionDraftBuilt', expect.stringMatching(/^build succeeded/)],
      [10, 'ActionVersionCreated', 'version 2 created'],
      [11, 'ActionVersionDeployed', 'version 2 deployed: replaces version 1'],
      [12, 'ActionVersionCreated', 'version 3 created as a rollback of version 1: copied from version 1 (v1)'],
      [13, 'ActionVersionDeployed', 'version 3 deployed: replaces version 2'],
      [14, 'ActionDeleted', 'action "renamed" deleted'],
    ]);
    expect(h[4].changes).toEqual([
      'name changed from "act" to "renamed"',
      'trigger changed from post-login v2 to post-login v3',
      expect.stringMatching(/^code changed \(\+2 −1 lines, sha256 [0-9a-f]{12} → [0-9a-f]{12}\)$/),
      'dependency axios@1.0.0 (https://r.example) added',
      'dependency uuid@9.0.0 removed',
      'dependency lodash changed from 4.17.0 to 4.17.21',
      'runtime changed from node22 to node18-actions',
      'secret B set (fingerprint f3)',
      'secret A set (fingerprint f1 → f2)',
    ]);
    expect(h[5].changes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^code changed \(\+1 −2 lines/), 'secret B removed']),
    );
    expect(h.every((e) => e.actor === 'alice' && e.correlation_id === `req-${e.revision}`)).toBe(true);
    expect(JSON.stringify(h)).not.toContain(CIPHER);
  });

  it('old events without actor or correlation id read as unknown', () => {
    const log = new Log().run(create(content()), null);
    expect(entries(log.events)[0]).toMatchObject({
      actor: 'unknown',
      correlation_id: 'unknown',
      causation_id: 'unknown',
    });
  });
});

describe('version diff', () => {
  it('unified code diff plus dependency, resolved dependency, runtime and secret changes, fingerprints only', () => {
    const log = new Log();
    const c1 = content({
      dependencies: [{ name: 'lodash', version: '4.17.0' }],
      secrets: [secret('A', 'f1'), secret('GONE', 'f9')],
    });
    log.run(create(c1)).run(built(log)).run(deploy('v1'));
    log
      .run(
        update({
          ...c1,
          code: 'line 1\nline 2\n',
          runtime: 'node18-actions',
          dependencies: [
            { name: 'lodash', version: '4.17.21' },
            { name: 'ms', version: '2.1.3' },
          ],
          secrets: [secret('A', 'f2'), secret('NEW', 'f4')],
        }),
      )
      .run(built(log))
      .run(deploy('v2'));
    const s = log.state;
    if (s.status !== 'Active') throw new Error('expected an active action');
    const d = diffVersions(ID, s.versions[0], s.versions[1]);
    expect(d.code.changed).toBe(true);
    expect(d.code.unified_diff).toContain('--- version-1/index.js\tv1');
    expect(d.code.unified_diff).toContain('+++ version-2/index.js\tv2');
    expect(d.code.unified_diff).toContain('-exports.onExecutePostLogin = async () => {};');
    expect(d.code.unified_diff).toContain('+line 2');
    expect(d.dependencies).toEqual({
      added: [{ name: 'ms', version: '2.1.3' }],
      removed: [],
      changed: [{ name: 'lodash', from: '4.17.0', to: '4.17.21' }],
    });
    expect(d.resolved_dependencies).toEqual({ added: [], removed: [], changed: [] });
    expect(d.runtime).toEqual({ changed: true, from: 'node22', to: 'node18-actions' });
    expect(d.secrets).toEqual({
      added: [{ name: 'NEW', fingerprint: 'f4' }],
      removed: [{ name: 'GONE', fingerprint: 'f9' }],
      changed: [{ name: 'A', from_fingerprint: 'f1', to_fingerprint: 'f2' }],
    });
    expect(JSON.stringify(d)).not.toContain(CIPHER);
  });
});

describe('point in time', () => {
  it('folds up to a position or a time; before the first event there is nothing', () => {
    const log = new Log();
    log
      .run(create(content()))
      .run(built(log))
      .run(deploy('v1'))
      .run(update(content({ code: '// v2' })));
    const upTo = (asOf: string) => foldActionAt(log.events.filter((e) => recordedBy(parseAsOf(asOf), e)));
    const atDeploy = actionViewAt(upTo('103'))!;
    expect(atDeploy.doc).toMatchObject({
      status: 'built',
      allChangesDeployed: true,
      deployedVersionId: 'v1',
      content: { code: content().code },
    });
    expect(atDeploy.revision).toBe(3);
    const now = actionViewAt(upTo(log.events.at(-1)!.createdAt))!;
    expect(now.doc).toMatchObject({ status: 'pending', allChangesDeployed: false, content: { code: '// v2' } });
    expect(versionViewsAt(upTo('104/104'))!.map((v) => [v.doc.number, v.deployed])).toEqual([[1, true]]);
    expect(actionViewAt(upTo('2026-11-25T10:00:00Z'))).toBeUndefined();
    expect(actionViewAt(upTo('99'))).toBeUndefined();
    expect(draftKeyOf(now.doc.content)).toBe(now.doc.draftKey);
  });

  it('parses ISO times with a zone and log positions, and nothing else', () => {
    expect(parseAsOf('2026-11-25T10:00:00Z')).toEqual({
      kind: 'time',
      iso: '2026-11-25T10:00:00.000Z',
      ms: Date.parse('2026-11-25T10:00:00Z'),
    });
    expect(parseAsOf('2026-11-25T11:00:00.5+01:00')).toMatchObject({ iso: '2026-11-25T10:00:00.500Z' });
    expect(parseAsOf('42')).toEqual({ kind: 'position', position: { commit: 42n, prepare: 42n } });
    expect(parseAsOf('42/40')).toEqual({ kind: 'position', position: { commit: 42n, prepare: 40n } });
    for (const bad of ['', 'yesterday', '2026-11-25', '2026-11-25T10:00:00', '-1', '1/2/3', '2026-13-45T99:00:00Z'])
      expect(() => parseAsOf(bad)).toThrow(/as_of must be/);
  });
});

describe('bindings history', () => {
  it('bound, unbound, renamed and reordered', () => {
    const h = new BindingsStreamHistory();
    const ev = (
      n: number,
      bindings: { id: string; actionId: string; displayName: string; createdAt: string }[],
    ): RecordedEvent => ({
      id: `b${n}`,
      type: 'TriggerBindingsReplaced',
      data: { tenantId: T, triggerId: 'post-login', bindings, updatedAt: now },
      stream: 'triggerBindings-tenant-a.post-login',
      revision: BigInt(n),
      position: { commit: BigInt(n), prepare: BigInt(n) },
      createdAt: now,
      metadata: { tenantId: T, actor: 'bob', correlationId: 'r', causationId: 'r' },
    });
    const b = (actionId: string, displayName = actionId) => ({
      id: `id-${actionId}`,
      actionId,
      displayName,
      createdAt: now,
    });
    expect(h.next(ev(0, [b('x'), b('y')])).changes).toEqual([
      'bound "x" (action x) at position 1',
      'bound "y" (action y) at position 2',
    ]);
    expect(h.next(ev(1, [b('y', 'Y'), b('x')])).changes).toEqual([
      'display name of action y changed from "y" to "Y"',
      'order changed to "Y", "x"',
    ]);
    const last = h.next(ev(2, []));
    expect(last.changes).toEqual(['unbound "Y" (action y)', 'unbound "x" (action x)']);
    expect(last.summary).toBe(
      'bindings of post-login replaced (now: none): unbound "Y" (action y); unbound "x" (action x)',
    );
  });
});
