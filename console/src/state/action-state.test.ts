import { describe, expect, it } from 'vitest';
import { canDeploy, deployedLabel, isBuilding, secretsPatch } from './action-status';
import { executableTriggers, handlerOf, parseEvent, sampleEvent, starterCode } from './triggers';
import { appPath, match } from './router';
import { durationMs, formatMs } from './format';

describe('action state', () => {
  it('polls while pending and deploys only a built draft with undeployed changes', () => {
    expect(isBuilding({ status: 'pending' })).toBe(true);
    expect(isBuilding({ status: 'failed' })).toBe(false);
    expect(canDeploy({ status: 'built', all_changes_deployed: false })).toBe(true);
    expect(canDeploy({ status: 'built', all_changes_deployed: true })).toBe(false);
    expect(canDeploy({ status: 'pending' })).toBe(false);
    expect(deployedLabel({ deployed_version: { number: 4 } as never })).toBe('v4');
    expect(deployedLabel({})).toBe('not deployed');
  });

  it('sends secrets as a whole list: kept by name, new with a value, removed left out', () => {
    const saved = [{ name: 'KEEP' }, { name: 'DROP' }, { name: 'REPLACE' }];
    expect(secretsPatch([], [], saved)).toBeUndefined();
    expect(
      secretsPatch(
        [
          { name: 'REPLACE', value: 'new' },
          { name: 'ADDED', value: 'v' },
        ],
        ['DROP'],
        saved,
      ),
    ).toEqual([{ name: 'KEEP' }, { name: 'REPLACE', value: 'new' }, { name: 'ADDED', value: 'v' }]);
  });

  it('starts each runnable trigger with its handler and a sample event that parses', () => {
    for (const trigger of executableTriggers()) {
      expect(starterCode(trigger)).toContain(`exports.${handlerOf(trigger)} = async (event, api)`);
      expect('event' in parseEvent(sampleEvent(trigger))).toBe(true);
    }
    expect(parseEvent('[1]')).toEqual({ error: 'The event must be a JSON object.' });
    expect(parseEvent('{')).toMatchObject({ error: expect.stringMatching(/^The event is not valid JSON/) });
  });

  it('routes paths under /console', () => {
    expect(appPath('/console')).toBe('/');
    expect(appPath('/console/actions/a1/versions')).toBe('/actions/a1/versions');
    expect(match('/actions/:id/:tab', '/actions/a%201/history')).toEqual({ id: 'a 1', tab: 'history' });
    expect(match('/actions/:id', '/actions/a1/history')).toBeNull();
  });

  it('measures durations from the record times', () => {
    expect(durationMs('2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.250Z')).toBe(250);
    expect(durationMs(undefined, '2026-11-25T10:00:00.250Z')).toBeUndefined();
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(0.5)).toBe('0.50 ms');
  });
});
