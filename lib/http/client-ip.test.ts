import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { isInCidrs, isTrustedPeer, normalizeIp, resolveClientIp, type Cidr } from './client-ip';

const LOOPBACK: Cidr[] = [ipaddr.parseCIDR('127.0.0.0/8'), ipaddr.parseCIDR('::1/128')];
const WITH_LAN: Cidr[] = [...LOOPBACK, ipaddr.parseCIDR('10.0.0.0/8'), ipaddr.parseCIDR('fd00::/8')];

const resolve = (input: { peer: string | null | undefined; forwardedFor?: string | null; realIp?: string | null }, trustedProxies = LOOPBACK) =>
  resolveClientIp({ ...input, trustedProxies });

describe('resolveClientIp with an untrusted peer', () => {
  it('ignores a forged X-Forwarded-For', () => {
    expect(resolve({ peer: '203.0.113.5', forwardedFor: '1.1.1.1' })).toBe('203.0.113.5');
  });

  it('ignores a forged X-Forwarded-For claiming loopback', () => {
    expect(resolve({ peer: '203.0.113.5', forwardedFor: '127.0.0.1' })).toBe('203.0.113.5');
  });

  it('ignores a forged X-Real-IP', () => {
    expect(resolve({ peer: '203.0.113.5', realIp: '1.1.1.1' })).toBe('203.0.113.5');
  });

  it('ignores both', () => {
    expect(resolve({ peer: '2001:db8::5', forwardedFor: '1.1.1.1', realIp: '8.8.8.8' })).toBe('2001:db8::5');
  });

  it('normalizes the peer address', () => {
    expect(resolve({ peer: '2001:0db8:0000:0000:0000:0000:0000:0005' })).toBe('2001:db8::5');
    expect(resolve({ peer: '::ffff:203.0.113.5' })).toBe('203.0.113.5');
  });
});

describe('resolveClientIp with a trusted peer', () => {
  it('uses a single X-Forwarded-For entry', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7' })).toBe('198.51.100.7');
  });

  it('uses the rightmost entry, not what the client claimed on the left', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.7' })).toBe('198.51.100.7');
  });

  it('skips trusted hops from the right', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.7, 127.0.0.2' })).toBe('198.51.100.7');
    expect(resolve({ peer: '10.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.7, 10.1.1.1, 127.0.0.1' }, WITH_LAN)).toBe('198.51.100.7');
  });

  it('does not skip an untrusted private address', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7, 10.1.1.1' })).toBe('10.1.1.1');
  });

  it('takes the leftmost entry when every hop is trusted', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '127.0.0.5, 127.0.0.9' })).toBe('127.0.0.5');
    expect(resolve({ peer: '::1', forwardedFor: '::1' })).toBe('::1');
  });

  it('falls back to the peer when the rightmost hop is malformed', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: 'garbage' })).toBe('127.0.0.1');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7, garbage' })).toBe('127.0.0.1');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7, unknown' })).toBe('127.0.0.1');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7, 300.1.1.1' })).toBe('127.0.0.1');
  });

  it('falls back to the peer when a malformed hop sits behind trusted hops', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, bad, 127.0.0.2' })).toBe('127.0.0.1');
  });

  it('never reaches a malformed hop left of the client address', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: 'bad, 198.51.100.7' })).toBe('198.51.100.7');
  });

  it('handles IPv6 hops', () => {
    expect(resolve({ peer: '::1', forwardedFor: '2001:db8::1' })).toBe('2001:db8::1');
    expect(resolve({ peer: '::1', forwardedFor: '2001:db8::1, ::1' })).toBe('2001:db8::1');
    expect(resolve({ peer: '10.0.0.2', forwardedFor: '2001:db8::1, fd00::3' }, WITH_LAN)).toBe('2001:db8::1');
  });

  it('treats an IPv4-mapped loopback peer as trusted and reports it as IPv4', () => {
    expect(resolve({ peer: '::ffff:127.0.0.1', forwardedFor: '198.51.100.7' })).toBe('198.51.100.7');
    expect(resolve({ peer: '::ffff:127.0.0.1' })).toBe('127.0.0.1');
  });

  it('normalizes IPv4-mapped hops', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '::ffff:198.51.100.7' })).toBe('198.51.100.7');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7, ::ffff:127.0.0.1' })).toBe('198.51.100.7');
  });

  it('reads "[v6]:port" and "v4:port" entries', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '[2001:db8::1]:1234' })).toBe('2001:db8::1');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7:5678' })).toBe('198.51.100.7');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7:5678, [::1]:443' })).toBe('198.51.100.7');
    expect(resolve({ peer: '[::1]:1234', forwardedFor: '198.51.100.7' })).toBe('198.51.100.7');
  });

  it('ignores empty entries and spaces', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: ' 198.51.100.7 ,, ,127.0.0.3 ' })).toBe('198.51.100.7');
  });

  it('uses X-Real-IP when there is no X-Forwarded-For', () => {
    expect(resolve({ peer: '127.0.0.1', realIp: '198.51.100.7' })).toBe('198.51.100.7');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '', realIp: '198.51.100.7' })).toBe('198.51.100.7');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: null, realIp: ' 2001:db8::9 ' })).toBe('2001:db8::9');
    expect(resolve({ peer: '127.0.0.1', forwardedFor: ' , ', realIp: '198.51.100.7' })).toBe('198.51.100.7');
  });

  it('prefers X-Forwarded-For over X-Real-IP', () => {
    expect(resolve({ peer: '127.0.0.1', forwardedFor: '198.51.100.7', realIp: '6.6.6.6' })).toBe('198.51.100.7');
  });

  it('falls back to the peer when X-Real-IP is malformed', () => {
    expect(resolve({ peer: '127.0.0.1', realIp: 'garbage' })).toBe('127.0.0.1');
  });

  it('uses the peer when there are no headers', () => {
    expect(resolve({ peer: '127.0.0.1' })).toBe('127.0.0.1');
    expect(resolve({ peer: '::1', forwardedFor: null, realIp: null })).toBe('::1');
  });
});

describe('resolveClientIp without a usable peer', () => {
  it.each([null, undefined, '', 'garbage', 'localhost'])('returns null for peer %j', (peer) => {
    expect(resolve({ peer, forwardedFor: '198.51.100.7', realIp: '198.51.100.8' })).toBeNull();
  });
});

describe('normalizeIp', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['  198.51.100.7  ', '198.51.100.7'],
    ['198.51.100.7:8080', '198.51.100.7'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
  ])('%j → %j', (input, output) => {
    expect(normalizeIp(input)).toBe(output);
  });

  it.each([null, undefined, '', 'nope', '1.2.3.4.5', '::g', '[::1'])('returns null for %j', (input) => {
    expect(normalizeIp(input)).toBeNull();
  });
});

describe('isInCidrs', () => {
  it('matches only ranges of the same family', () => {
    expect(isInCidrs(ipaddr.parse('127.0.0.1'), LOOPBACK)).toBe(true);
    expect(isInCidrs(ipaddr.parse('::1'), LOOPBACK)).toBe(true);
    expect(isInCidrs(ipaddr.parse('128.0.0.1'), LOOPBACK)).toBe(false);
    expect(isInCidrs(ipaddr.parse('::2'), LOOPBACK)).toBe(false);
    expect(isInCidrs(ipaddr.parse('::ffff:127.0.0.1'), LOOPBACK)).toBe(false);
    expect(isInCidrs(ipaddr.parse('127.0.0.1'), [])).toBe(false);
  });
});

describe('isTrustedPeer', () => {
  const trusted = LOOPBACK;
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.9.9.9'])('trusts %s', (peer) => expect(isTrustedPeer(peer, trusted)).toBe(true));
  it.each(['10.0.0.1', '::2', '', 'not an address', null, undefined])('does not trust %s', (peer) => expect(isTrustedPeer(peer, trusted)).toBe(false));
});
