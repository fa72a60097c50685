import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { banLabel } from './bans';
import { banMessage, clientSubject, DEFAULT_REGULATION, ipSubject, loginSubject, parseSubject, subjectsOf, userSubject } from './credentials';

const now = new Date('2026-03-01T12:00:00Z');
const after = (ms: number) => new Date(now.getTime() + ms);

describe('DEFAULT_REGULATION', () => {
  it('bans for 10 minutes after 5 failures within 2 minutes', () => {
    expect(DEFAULT_REGULATION).toEqual({ maxFailures: 5, windowMs: 2 * 60_000, banMs: 10 * 60_000 });
  });
});

describe('subjectsOf', () => {
  it('counts the user and the address, each only when known', () => {
    expect(subjectsOf({ userId: 'u1', ip: '192.0.2.7' })).toEqual(['user:u1', 'ip:192.0.2.7']);
    expect(subjectsOf({ userId: 'u1', ip: null })).toEqual(['user:u1']);
    expect(subjectsOf({ userId: null, ip: '2001:DB8::1' })).toEqual(['ip:2001:db8::1']);
    expect(subjectsOf({ ip: '  ' })).toEqual([]);
    expect(subjectsOf({})).toEqual([]);
    expect(subjectsOf({ login: 'nobody', ip: '192.0.2.7' })).toEqual(['login:nobody', 'ip:192.0.2.7']);
    expect(subjectsOf({ login: '', ip: null })).toEqual([]);
  });

  it('spells subjects the way parseSubject reads them', () => {
    expect(parseSubject(userSubject('abc'))).toEqual({ kind: 'user', value: 'abc' });
    expect(parseSubject(ipSubject('192.0.2.7'))).toEqual({ kind: 'address', value: '192.0.2.7' });
    expect(parseSubject('ip:::1')).toEqual({ kind: 'address', value: '::1' });
    expect(parseSubject(clientSubject('paperless'))).toEqual({ kind: 'client', value: 'paperless' });
    expect(parseSubject(loginSubject('bob@example.com'))).toEqual({ kind: 'login', value: 'bob@example.com' });
    expect(parseSubject(loginSubject('user:x'))).toEqual({ kind: 'login', value: 'user:x' });
    expect(parseSubject('something')).toEqual({ kind: 'other', value: 'something' });
  });

  it('reads back every subject it counts, whatever the id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (userId, clientId, login) => {
        const [user, client, named] = subjectsOf({ userId: `u${userId}`, clientId: `c${clientId}`, login: `l${login}` });
        expect(parseSubject(user!)).toEqual({ kind: 'user', value: `u${userId}` });
        expect(parseSubject(client!)).toEqual({ kind: 'client', value: `c${clientId}` });
        // A typed login that looks like another subject ("user:…", "ip:…") stays a login.
        expect(parseSubject(named!)).toEqual({ kind: 'login', value: `l${login}` });
        expect(parseSubject(loginSubject(login))).toEqual({ kind: 'login', value: login });
      }),
    );
  });
});

describe('banMessage', () => {
  it('says how long, and nothing about the credential', () => {
    expect(banMessage(after(10 * 60_000), now)).toBe('Too many failed sign-ins. Try again in 10 minutes.');
    expect(banMessage(after(60_000), now)).toBe('Too many failed sign-ins. Try again in 1 minute.');
    expect(banMessage(after(59_000), now)).toBe('Too many failed sign-ins. Try again in a moment.');
  });
});

describe('banLabel', () => {
  it('names the target for the confirmation and the result', () => {
    expect(banLabel({ kind: 'user', value: 'u1', username: 'alice' })).toBe('user alice');
    expect(banLabel({ kind: 'user', value: 'u1', username: null })).toBe('user (deleted, id u1)');
    expect(banLabel({ kind: 'address', value: '192.0.2.7', username: null })).toBe('address 192.0.2.7');
    expect(banLabel({ kind: 'login', value: 'nobody', username: null })).toBe('login name nobody');
  });

  it('names an OpenID Connect client by its name and id, or by its id once it is deleted', () => {
    expect(banLabel({ kind: 'client', value: 'paperless', username: null, client: { name: 'Paperless' } })).toBe('OpenID client Paperless (paperless)');
    expect(banLabel({ kind: 'client', value: 'paperless', username: null, client: null })).toBe('OpenID client (deleted, id paperless)');
    expect(banLabel({ kind: 'client', value: 'paperless', username: null })).toBe('OpenID client (deleted, id paperless)');
  });
});
