/**
 * Which outbound destinations an action may reach. Decided on the address a name resolves to (and on an IP literal
 * as written), never on the name alone, and again for every redirect hop (see egress-client.ts).
 * - EGRESS_DENY (hosts, `*.domain` wildcards, CIDRs) always wins.
 * - EGRESS_ALLOW (same syntax) admits a host or address, including private ranges (e.g. a service on the LAN).
 * - Otherwise only public unicast addresses are allowed: loopback, private (RFC 1918, ULA), link-local (with the
 *   cloud metadata address 169.254.169.254), carrier-grade NAT, multicast, reserved and unspecified are refused.
 */
import ipaddr from 'ipaddr.js';

export interface EgressRules {
  allow: string[];
  deny: string[];
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
interface Compiled {
  hosts: string[];
  wildcards: string[];
  cidrs: Cidr[];
}

/** Throws a message naming the bad entry; used by config validation. */
export function parseEgressList(raw: string | undefined): string[] {
  if (!raw || raw.trim() === '') return [];
  const entries = raw
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const e of entries) compileEntry(e, { hosts: [], wildcards: [], cidrs: [] });
  return entries;
}

function compileEntry(entry: string, into: Compiled): void {
  if (entry.includes('/')) {
    try {
      const [addr, bits] = ipaddr.parseCIDR(entry);
      into.cidrs.push([addr, bits]);
      return;
    } catch {
      throw new Error(`"${entry}" is not a valid CIDR`);
    }
  }
  if (ipaddr.isValid(entry)) {
    const addr = ipaddr.parse(entry);
    into.cidrs.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    return;
  }
  if (entry.startsWith('*.') && /^[a-z0-9.-]+$/.test(entry.slice(2))) {
    into.wildcards.push(entry.slice(1));
    return;
  }
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
    into.hosts.push(entry);
    return;
  }
  throw new Error(`"${entry}" is not a host name, *.domain, IP address or CIDR`);
}

function compile(entries: string[]): Compiled {
  const c: Compiled = { hosts: [], wildcards: [], cidrs: [] };
  for (const e of entries) compileEntry(e, c);
  return c;
}

function normalize(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const a = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) return (a as ipaddr.IPv6).toIPv4Address();
  return a;
}

export class EgressPolicy {
  private readonly allow: Compiled;
  private readonly deny: Compiled;

  constructor(rules: EgressRules = { allow: [], deny: [] }) {
    this.allow = compile(rules.allow);
    this.deny = compile(rules.deny);
  }

  /** undefined if `host` (as the URL names it) may be reached at `address` (what it resolved to), else why not. */
  check(host: string, address: string): string | undefined {
    const name = host
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '');
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = normalize(address);
    } catch {
      return `"${address}" is not an IP address`;
    }
    if (matches(this.deny, name, ip)) return `${name} (${ip.toString()}) is denied by EGRESS_DENY`;
    if (matches(this.allow, name, ip)) return undefined;
    const range = ip.range();
    if (range !== 'unicast')
      return `${name} resolves to ${ip.toString()}, a ${range} address (not reachable from actions unless EGRESS_ALLOW lists it)`;
    return undefined;
  }
}

function matches(c: Compiled, name: string, ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (c.hosts.includes(name)) return true;
  if (c.wildcards.some((w) => name.endsWith(w))) return true;
  return c.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net as never, bits));
}
