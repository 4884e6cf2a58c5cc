import { ProgressReporter, renderBar } from './progress';

describe('CLI progress', () => {
  it('renders a bar with percentage, events and events/s', () => {
    expect(renderBar('rebuilding actions', { events: 12000, fraction: 1 / 3, rate: 48000.4 })).toBe(
      `rebuilding actions [${'#'.repeat(10)}${'-'.repeat(20)}]  33%  12,000 events  48,000 events/s`,
    );
    expect(renderBar('x', { events: 0, rate: 0 })).toBe(`x [${'-'.repeat(30)}]   ?%  0 events  0 events/s`);
  });

  it('redraws in place on a TTY and writes plain lines, at most one a second, otherwise', () => {
    let t = 0;
    const tty: string[] = [];
    const bar = new ProgressReporter(
      'r',
      true,
      (s) => tty.push(s),
      () => t,
    );
    t = 500;
    bar.update(1000, 0.5);
    t = 550;
    bar.update(1100, 0.55); // under 100 ms: skipped
    t = 700;
    bar.update(2000, 1);
    bar.done();
    expect(tty).toHaveLength(3);
    expect(tty[0]).toBe(`\rr [${'#'.repeat(15)}${'-'.repeat(15)}]  50%  1,000 events  2,000 events/s\u001b[K`);
    expect(tty[1].startsWith(`\rr [${'#'.repeat(30)}] 100%  2,000 events`)).toBe(true);
    expect(tty[2]).toBe('\n');

    t = 0;
    const plain: string[] = [];
    const lines = new ProgressReporter(
      'r',
      false,
      (s) => plain.push(s),
      () => t,
    );
    t = 1000;
    lines.update(1000, 0.5);
    t = 1500;
    lines.update(1500, 0.75);
    t = 2000;
    lines.update(2000, 1);
    t = 2500;
    lines.update(2400, 1); // too soon: drawn by done()
    lines.done();
    expect(plain).toEqual([
      'r: 1000 events (50%), 1,000 events/s\n',
      'r: 2000 events (100%), 1,000 events/s\n',
      'r: 2400 events (100%), 960 events/s\n',
    ]);
  });
});
