import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors';
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
      webauthnUsers: [],
      totp: [{ username: 'anna', algorithm: 'SHA1', digits: 6, period: 30, secret: new Uint8Array(10) }],
    };
    expect(() => decodeStorageRows(rows, 'some key')).toThrow(WRONG_KEY);
    expect(() => decodeStorageRows(rows, '')).toThrow(/No storage encryption key/);
  });
});

/** AES-256-GCM under SHA-256(key), nonce first: how Authelia 4.39 (schema 24) seals a value. */
function seal(plain: Uint8Array | string, key: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(key).digest(), nonce);
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

describe('hostile storage rows', () => {
  it('any row content, sealed with the right key, is read or refused with a clear error, never a crash', () => {
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }));
    const sealed = fc
      .oneof(fc.string({ maxLength: 40 }), fc.constantFrom('JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXP====', 'not base32!'))
      .map((text) => seal(text, 'a key'));
    const totp = fc.record({
      username: cell,
      issuer: cell,
      algorithm: fc.oneof(cell, fc.constantFrom('SHA1', 'sha256', 'SHA512')),
      digits: fc.oneof(cell, fc.constantFrom(6, 8)),
      period: cell,
      secret: sealed,
    });
    const webauthn = fc.record({
      username: cell,
      rpid: cell,
      kid: fc.oneof(cell, fc.constantFrom('AAEC', 'a/b+', '***')),
      description: cell,
      transport: cell,
      sign_count: cell,
      aaguid: cell,
      discoverable: cell,
      public_key: fc.uint8Array({ maxLength: 80 }).map((b) => seal(b, 'a key')),
      created_at: cell,
    });
    fc.assert(
      fc.property(fc.array(totp, { maxLength: 3 }), fc.array(webauthn, { maxLength: 3 }), (totpRows, webauthnRows) => {
        try {
          const read = decodeStorageRows(
            { schemaVersion: 24, check: seal('check', 'a key'), totp: totpRows, webauthn: webauthnRows, webauthnUsers: [] },
            'a key',
          );
          for (const row of read.totp) expect(row.secret).toMatch(/^[A-Z2-7]+$/);
          for (const row of read.webauthn) expect(Number.isSafeInteger(row.signCount) && row.signCount >= 0).toBe(true);
        } catch (error) {
          expect(isAppError(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
