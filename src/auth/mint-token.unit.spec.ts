import { decodeJwt } from 'jose';
import { durationSeconds, mintToken } from './mint-token';

describe('mintToken', () => {
  const RealDate = Date;
  afterEach(() => {
    global.Date = RealDate;
  });

  /** A clock that starts 1 ms before a second boundary and moves 1 ms at every reading, as a loaded machine might. */
  function clockAtSecondBoundary(): void {
    let t = 1_800_000_000_999;
    const next = () => t++;
    class SteppingDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(next());
        else super(...(args as [number]));
      }
      static override now(): number {
        return next();
      }
    }
    global.Date = SteppingDate as DateConstructor;
  }

  it('gives exp - iat exactly the lifetime asked for, even when the clock crosses a second while minting', async () => {
    clockAtSecondBoundary();
    const token = await mintToken({ secret: 's'.repeat(40), audience: 'aud', scope: 'read:actions' });
    global.Date = RealDate;
    const { iat, exp, tenant_id } = decodeJwt(token);
    expect(exp! - iat!).toBe(86_400);
    expect(tenant_id).toBe('default');
  });

  it('reads durations in seconds, minutes, hours, days and weeks, negative ones too, and refuses anything else', () => {
    expect([
      durationSeconds('90s'),
      durationSeconds('30m'),
      durationSeconds('24h'),
      durationSeconds('7d'),
      durationSeconds('1w'),
      durationSeconds('-1m'),
    ]).toEqual([90, 1800, 86_400, 604_800, 604_800, -60]);
    expect(durationSeconds('2 hours')).toBe(7200);
    for (const bad of ['', 'soon', '1y', '1.5h', '1h30m'])
      expect(() => durationSeconds(bad)).toThrow(/duration such as/);
  });
});
