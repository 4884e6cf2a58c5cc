import { EgressPolicy, parseEgressList } from './egress-policy';

describe('EgressPolicy', () => {
  const open = new EgressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
  ])('refuses %s (%s) by default', (address, range) => {
    expect(open.check('example.com', address)).toContain(`a ${range} address`);
  });

  it('allows public unicast addresses by default', () => {
    expect(open.check('example.com', '93.184.216.34')).toBeUndefined();
    expect(open.check('example.com', '2606:2800:220:1:248:1893:25c8:1946')).toBeUndefined();
  });

  it('EGRESS_ALLOW admits hosts, wildcards and CIDRs; EGRESS_DENY wins over both and over public addresses', () => {
    const p = new EgressPolicy({
      allow: ['internal.example', '*.corp.example', '10.1.0.0/16'],
      deny: ['evil.example', '*.bad.example', '93.184.216.0/24', '10.1.2.3'],
    });
    expect(p.check('internal.example', '10.9.9.9')).toBeUndefined();
    expect(p.check('a.b.corp.example', '192.168.0.1')).toBeUndefined();
    expect(p.check('other.example', '10.1.200.1')).toBeUndefined();
    expect(p.check('other.example', '10.2.0.1')).toContain('private');
    expect(p.check('other.example', '10.1.2.3')).toContain('denied by EGRESS_DENY');
    expect(p.check('evil.example', '8.8.8.8')).toContain('denied by EGRESS_DENY');
    expect(p.check('x.bad.example', '8.8.8.8')).toContain('denied');
    expect(p.check('fine.example', '93.184.216.34')).toContain('denied');
    // a name that is allowed is still refused when it resolves into a denied range
    expect(
      new EgressPolicy({ allow: ['*.corp.example'], deny: ['169.254.0.0/16'] }).check(
        'meta.corp.example',
        '169.254.169.254',
      ),
    ).toContain('denied');
  });

  it('validates list entries', () => {
    expect(parseEgressList(' a.example , *.b.example 10.0.0.0/8,::1 ')).toEqual([
      'a.example',
      '*.b.example',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => parseEgressList('10.0.0.0/40')).toThrow('not a valid CIDR');
    expect(() => parseEgressList('http://x')).toThrow('not a valid CIDR');
    expect(() => parseEgressList('exa_mple!')).toThrow('is not a host name');
  });
});
