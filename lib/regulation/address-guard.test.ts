import { describe, expect, it } from 'vitest';
import { AddressGuard } from './address-guard';

const POLICY = { maxFailures: 5, windowMs: 120_000, banMs: 600_000 };
const T = 1_000_000;
const hashes = (n: number, prefix = 'h') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('AddressGuard', () => {
  it('bans an address at the fifth distinct unknown token within the window, for the ban length', () => {
    const guard = new AddressGuard(POLICY);
    const placed = hashes(5).map((h, i) => guard.recordUnknown('203.0.113.9', h, T + i));
    expect(placed).toEqual([false, false, false, false, true]);
    expect(guard.isBanned('203.0.113.9', T + 4)).toBe(true);
    expect(guard.isBanned('203.0.113.9', T + 4 + POLICY.banMs - 1)).toBe(true);
    expect(guard.isBanned('203.0.113.9', T + 4 + POLICY.banMs)).toBe(false);
    // Another address is not touched.
    expect(guard.isBanned('203.0.113.10', T + 5)).toBe(false);
  });

  it('does not count one mistyped token retried by an app, however often', () => {
    const guard = new AddressGuard(POLICY);
    for (let i = 0; i < 100; i++) guard.recordUnknown('198.51.100.1', 'same', T + i * 1000);
    expect(guard.isBanned('198.51.100.1', T + 100_000)).toBe(false);
    expect(guard.drain()).toEqual([{ ip: '198.51.100.1', count: 1, at: T }]);
    // For hours: once per window at most, which never reaches a ban in the database either.
    for (let i = 100; i < 10_000; i++) guard.recordUnknown('198.51.100.1', 'same', T + i * 1000);
    expect(guard.isBanned('198.51.100.1', T + 10_000_000)).toBe(false);
    expect(guard.drain()[0]!.count).toBeLessThanOrEqual(Math.ceil(10_000_000 / POLICY.windowMs));
  });

  it('forgets failures older than the window', () => {
    const guard = new AddressGuard(POLICY);
    for (const [i, h] of hashes(4).entries()) guard.recordUnknown('192.0.2.1', h, T + i);
    expect(guard.recordUnknown('192.0.2.1', 'late', T + POLICY.windowMs + 10)).toBe(false);
    expect(guard.isBanned('192.0.2.1', T + POLICY.windowMs + 10)).toBe(false);
  });

  it('hands the counted failures to the writer once, and takes back what could not be written', () => {
    const guard = new AddressGuard(POLICY);
    guard.recordUnknown('192.0.2.1', 'a', T);
    guard.recordUnknown('192.0.2.1', 'b', T + 1);
    guard.recordUnknown('192.0.2.2', 'a', T + 2);
    expect(guard.hasPending).toBe(true);
    const drained = guard.drain();
    expect(drained).toEqual([
      { ip: '192.0.2.1', count: 2, at: T + 1 },
      { ip: '192.0.2.2', count: 1, at: T + 2 },
    ]);
    expect(guard.hasPending).toBe(false);
    expect(guard.drain()).toEqual([]);
    guard.restore(drained.slice(1));
    expect(guard.drain()).toEqual([{ ip: '192.0.2.2', count: 1, at: T + 2 }]);
  });

  it('drains at most `limit` addresses at a time; the rest wait', () => {
    const guard = new AddressGuard(POLICY);
    for (let i = 0; i < 5; i++) guard.recordUnknown(`192.0.2.${i}`, 'x', T);
    expect(guard.drain(3)).toHaveLength(3);
    expect(guard.drain(3)).toHaveLength(2);
  });

  it('takes bans from the database (any instance, any credential check) and drops a lifted one', () => {
    const guard = new AddressGuard(POLICY);
    guard.replaceBans(new Map([['192.0.2.50', T + 60_000]]), T);
    expect(guard.isBanned('192.0.2.50', T)).toBe(true);
    expect(guard.isBanned('192.0.2.50', T + 60_000)).toBe(false);
    guard.replaceBans(new Map(), T + 1);
    expect(guard.isBanned('192.0.2.50', T + 1)).toBe(false);
  });

  it('keeps a ban placed here until the database shows it, and counts afresh after it is lifted', () => {
    const guard = new AddressGuard(POLICY);
    for (const h of hashes(5)) guard.recordUnknown('192.0.2.7', h, T);
    // Not yet written: the database does not know it, the local ban holds.
    guard.replaceBans(new Map(), T + 1);
    expect(guard.isBanned('192.0.2.7', T + 1)).toBe(true);
    // Written and read back, then lifted by an admin (on another instance: gone from the database).
    guard.replaceBans(new Map([['192.0.2.7', T + POLICY.banMs]]), T + 2);
    guard.replaceBans(new Map(), T + 3);
    expect(guard.isBanned('192.0.2.7', T + 3)).toBe(false);
    // Four new guesses do not ban again: the old ones were punished already.
    for (const h of hashes(4, 'n')) guard.recordUnknown('192.0.2.7', h, T + 4);
    expect(guard.isBanned('192.0.2.7', T + 4)).toBe(false);
  });

  it('a lift on this instance ends the ban at once, local or from the database', () => {
    const guard = new AddressGuard(POLICY);
    for (const h of hashes(5)) guard.recordUnknown('192.0.2.8', h, T);
    guard.replaceBans(new Map([['192.0.2.9', T + 1000]]), T);
    guard.lift('192.0.2.8');
    guard.lift('192.0.2.9');
    expect(guard.isBanned('192.0.2.8', T)).toBe(false);
    expect(guard.isBanned('192.0.2.9', T)).toBe(false);
  });

  it('while banned, further guesses are not counted (the ban is refused before any lookup anyway)', () => {
    const guard = new AddressGuard(POLICY);
    for (const h of hashes(5)) guard.recordUnknown('192.0.2.3', h, T);
    guard.drain();
    expect(guard.recordUnknown('192.0.2.3', 'more', T + 1)).toBe(false);
    expect(guard.drain()).toEqual([]);
  });

  it('tracks a bounded number of addresses, forgetting the least recently failed first', () => {
    const guard = new AddressGuard(POLICY, 3);
    for (let i = 0; i < 10; i++) guard.recordUnknown(`10.0.0.${i}`, 'x', T + i);
    expect(guard.trackedAddresses).toBe(3);
    expect(guard.drain().map((p) => p.ip)).toEqual(['10.0.0.7', '10.0.0.8', '10.0.0.9']);
  });
});
