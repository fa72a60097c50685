import { describe, expect, it } from 'vitest';
import { SessionCache, type CachedSession } from './session-cache';

const session = (id: string, userId = 'u1'): CachedSession => ({
  sessionId: id,
  level: 'one_factor',
  expiresAt: 10_000_000,
  lastSeenAt: 0,
  user: { id: userId, username: 'anna', displayName: 'Anna', email: 'anna@example.test', groups: [] },
});

describe('SessionCache', () => {
  it('answers undefined when unknown, the value while fresh, and undefined after the TTL', () => {
    const cache = new SessionCache(1000);
    expect(cache.get('h', 0)).toBeUndefined();
    cache.set('h', 'hash-h', session('s1'), 0);
    expect(cache.get('h', 999)?.sessionId).toBe('s1');
    expect(cache.get('h', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('remembers refusals as null (so a flood of bad cookies does not reach the database)', () => {
    const cache = new SessionCache(1000);
    cache.set('bad', 'hash-bad', null, 0);
    expect(cache.get('bad', 10)).toBeNull();
  });

  it('forgets by token hash and by user at once', () => {
    const cache = new SessionCache(60_000);
    cache.set('a', 'hash-a', session('s1', 'u1'), 0);
    cache.set('b', 'hash-b', session('s2', 'u1'), 0);
    cache.set('c', 'hash-c', session('s3', 'u2'), 0);
    cache.forget(['hash-a', 'hash-unknown']);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.forgetUsers(['u1']);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('c', 1)?.sessionId).toBe('s3');
  });

  it('forgets a re-cached token by its hash, and never another token that shared nothing', () => {
    const cache = new SessionCache(60_000);
    cache.set('a', 'hash-a', session('s1'), 0);
    cache.set('a', 'hash-a', session('s1b'), 1);
    cache.set('b', 'hash-b', session('s2'), 1);
    cache.forget(['hash-a']);
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.get('b', 2)?.sessionId).toBe('s2');
  });

  it('stays within its size bound by dropping the oldest entry', () => {
    const cache = new SessionCache(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, `hash-${key}`, session(key), 0);
    expect(cache.size).toBe(3);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('d', 1)?.sessionId).toBe('d');
  });

  it('caches nothing with a TTL of 0 (every check asks the database)', () => {
    const cache = new SessionCache(0);
    cache.set('a', 'hash-a', session('s1'), 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
