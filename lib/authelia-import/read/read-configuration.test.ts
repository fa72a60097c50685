import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isAppError } from '../../errors';
import { parseAutheliaDuration } from './limited-yaml';
import { readConfiguration } from './read-configuration';
import { readUsersDatabase } from './read-users-database';

/** YAML values of any shape, with the keys the readers look for, so they see hostile structure. */
const KEYS = [
  'storage',
  'local',
  'path',
  'postgres',
  'mysql',
  'address',
  'session',
  'cookies',
  'domain',
  'expiration',
  'notifier',
  'smtp',
  'password',
  'users',
  'email',
  'groups',
  'identity_providers',
  'oidc',
  'clients',
  'client_id',
  'redirect_uris',
  'totp',
  'issuer',
  'regulation',
  'access_control',
  'rules',
  '__proto__',
  'constructor',
];
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 5 }),
  ),
})).node;

const survives = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    // Only a clear, expected refusal: never a TypeError from a shape the reader did not expect.
    expect(isAppError(error)).toBe(true);
  }
};

describe('reading hostile Authelia YAML', () => {
  it('configuration.yml of any shape is read or refused clearly', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }), (doc) => survives(() => readConfiguration(stringify(doc)))),
      { numRuns: 300 },
    );
  });

  it('users_database.yml of any shape is read or refused clearly', () => {
    fc.assert(
      fc.property(value, (users) => survives(() => readUsersDatabase(stringify({ users })))),
      { numRuns: 300 },
    );
  });

  it('does not let __proto__ keys reach an object prototype', () => {
    const users = readUsersDatabase('users:\n  __proto__:\n    password: "$6$x$y"\n    email: a@b.c\n  anna:\n    password: "$6$x$y"\n    email: anna@b.c\n');
    expect(users.users.map((u) => u.username).sort()).toEqual(['__proto__', 'anna']);
    expect(({} as Record<string, unknown>).password).toBeUndefined();
  });
});

describe('Authelia durations', () => {
  it.each([
    [300, 300_000],
    ['300', 300_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1 hour', 3_600_000],
    ['2 weeks and 3 days', 17 * 86_400_000],
    ['1M', 30 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['500ms', 500],
  ])('%s is %i ms', (input, ms) => {
    expect(parseAutheliaDuration(input)).toBe(ms);
  });

  it.each(['', 'soon', '5 fortnights', '-5m', '1.5h', null, {}, []])('%s is not a duration', (input) => {
    expect(parseAutheliaDuration(input)).toBeNull();
  });
});
