import { describe, expect, it } from 'vitest';
import { checkSchemaVersion, decodeStorageRows, toDate, WRONG_KEY } from './storage-rows';

describe('Authelia storage rows', () => {
  it.each([
    ['2026-12-03 21:00:00', '2026-12-03T21:00:00.000Z'],
    ['2026-12-03 21:00:00.123456789+00:00', '2026-12-03T21:00:00.123Z'],
    ['2026-12-03 22:00:00.5+01:00', '2026-12-03T21:00:00.500Z'],
    [new Date('2026-12-03T21:00:00Z'), '2026-12-03T21:00:00.000Z'],
  ])('reads the timestamp %s', (value, iso) => {
    expect(toDate(value)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', null, 42, new Date('nope')])('leaves %s as no date', (value) => {
    expect(toDate(value)).toBeNull();
  });

  it('reads schema versions 12 to 26 and refuses the others with the reason', () => {
    expect(checkSchemaVersion(24)).toBe(24);
    expect(() => checkSchemaVersion(11)).toThrow(/upgrade Authelia to 4.38/);
    expect(() => checkSchemaVersion(27)).toThrow(/newer than this importer knows/);
    expect(() => checkSchemaVersion(Number.NaN)).toThrow(/no readable schema version/);
  });

  it('refuses a value too short to be AES-GCM output as a wrong key, and an empty key outright', () => {
    const rows = {
      schemaVersion: 24,
      check: null,
      webauthn: [],
      totp: [{ username: 'anna', algorithm: 'SHA1', digits: 6, period: 30, secret: new Uint8Array(10) }],
    };
    expect(() => decodeStorageRows(rows, 'some key')).toThrow(WRONG_KEY);
    expect(() => decodeStorageRows(rows, '')).toThrow(/No storage encryption key/);
  });
});
