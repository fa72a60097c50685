import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASH_SCHEMES, type HashScheme, makeHashes } from '../../../test/support/authelia/hash-tools';
import { importedHashFormat, MAX_COST, verifyImportedHash } from './imported-hash';
import { needsRehash, verifyPassword } from './password-hash';

// Not NFKC-normal on purpose (a full-width digit, a decomposed accent): Authelia hashes the password as typed.
const PASSWORD = 'Cafe\u0301 au lait ５ times';
const FORMAT: Record<HashScheme, string> = {
  argon2id: 'argon2id',
  argon2i: 'argon2i',
  sha512crypt: 'sha512crypt',
  sha256crypt: 'sha256crypt',
  'bcrypt-mkpasswd': 'bcrypt',
  'bcrypt-2a': 'bcrypt',
  'bcrypt-2y': 'bcrypt',
  'bcrypt-sha256': 'bcrypt-sha256',
  'pbkdf2-sha1': 'pbkdf2-sha1',
  'pbkdf2-sha256': 'pbkdf2-sha256',
  'pbkdf2-sha512': 'pbkdf2-sha512',
  scrypt: 'scrypt',
};
// Made by Debian's argon2 and mkpasswd and by passlib, never by Gatehouse.
const hashes = makeHashes(HASH_SCHEMES.map((scheme) => ({ scheme, password: PASSWORD })));
const cases = HASH_SCHEMES.map((scheme, i) => [scheme, hashes[i]!] as const);

describe('hashes imported from Authelia', () => {
  it.each(cases)('%s: recognised, the right password accepted, wrong ones refused', async (scheme, hash) => {
    expect(importedHashFormat(hash)).toEqual({ ok: true, format: FORMAT[scheme] });
    expect(await verifyImportedHash(hash, PASSWORD)).toBe(true);
    expect(await verifyImportedHash(hash, `${PASSWORD}x`)).toBe(false);
    expect(await verifyImportedHash(hash, PASSWORD.slice(1))).toBe(false);
    expect(await verifyImportedHash(hash, '')).toBe(false);
  });

  it.each(cases)('%s: verified through verifyPassword, and marked for re-hashing', async (_scheme, hash) => {
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, 'wrong')).toBe(false);
    expect(needsRehash(hash)).toBe(true);
  });

  it.each([
    ['$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7', /yescrypt/],
    ['$plaintext$hunter2', /plaintext/],
    ['$1$abcdefgh$0123456789abcdefghijkl', /\$1\$ is not supported/],
    ['$bcrypt-sha256$v=1,t=2b,r=12$n79VH.0Q2TMWmt3Oqt9uku$Kq4Noyk3094Y2QlB8NdRT8SvGiI4ft2', /not the one Authelia writes/],
    ['$bcrypt-sha256$2b,12$n79VH.0Q2TMWmt3Oqt9uku$Kq4Noyk3094Y2QlB8NdRT8SvGiI4ft2', /not the one Authelia writes/],
    ['$bcrypt-sha256$v=2,t=2b,r=31$n79VH.0Q2TMWmt3Oqt9uku$Kq4Noyk3094Y2QlB8NdRT8SvGiI4ft2', /bcrypt cost 31/],
    ['{SSHA}abcdef', /not a hash in a known format/],
    ['hunter2', /not a hash in a known format/],
    ['$pbkdf2-sha512$999999999$c29tZXNhbHRzb21lc2FsdA$c29tZWtleXNvbWVrZXlzb21la2V5c29tZWtleQ', /iterations/],
    ['$2b$31$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', /bcrypt cost 31/],
    ['$scrypt$ln=30,r=8,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWtleXNvbWVrZXlzb21la2V5c29tZWtleQ', /scrypt parameters/],
    ['$argon2id$v=19$m=4194304,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$c29tZWtleXNvbWVrZXlzb21la2V5c29tZWtleQ', /argon2 parameters/],
    [`$6$rounds=999999999$salt$${'a'.repeat(86)}`, /rounds/],
    ['$6$salt$tooShort', /not supported|wrong length/],
  ])('refuses %s with a reason that does not echo the hash', async (hash, reason) => {
    const check = importedHashFormat(hash);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toMatch(reason);
      expect(check.reason).not.toContain(hash.slice(-10));
    }
    expect(await verifyImportedHash(hash, 'hunter2')).toBe(false);
    expect(await verifyPassword(hash, 'hunter2')).toBe(false);
  });

  it('bcrypt-sha256 tells apart passwords that plain bcrypt cuts at 72 bytes, and is not plain bcrypt of the same salt', async () => {
    const long = `${'x'.repeat(72)}tail`;
    const [sha256Variant, plain] = makeHashes([
      { scheme: 'bcrypt-sha256', password: long },
      { scheme: 'bcrypt-2a', password: long },
    ]);
    expect(await verifyImportedHash(sha256Variant!, long)).toBe(true);
    expect(await verifyImportedHash(sha256Variant!, `${'x'.repeat(72)}TAIL`)).toBe(false);
    expect(await verifyImportedHash(plain!, `${'x'.repeat(72)}TAIL`)).toBe(true); // bcrypt's own 72-byte limit
    // The same salt and cost written as a plain bcrypt hash of the password is not accepted as the variant.
    const [, cost, salt] = /^\$bcrypt-sha256\$v=2,t=2b,r=(\d+)\$([^$]{22})\$/.exec(sha256Variant!)!;
    const bcrypt = (await import('bcryptjs')).default;
    const plainSameSalt = await bcrypt.hash(long, `$2b$${cost!.padStart(2, '0')}$${salt}`);
    const forged = `$bcrypt-sha256$v=2,t=2b,r=${cost}$${salt}$${plainSameSalt.slice(-31)}`;
    expect(await verifyImportedHash(forged, long)).toBe(false);
  });

  it("accepts the format of Authelia's old 1 GiB argon2id template hashes, but not more work than four such passes", () => {
    const hash = (m: number, t: number) => `$argon2id$v=19$m=${m},t=${t},p=8$c29tZXNhbHRzb21lc2FsdA$c29tZWtleXNvbWVrZXlzb21la2V5c29tZWtleQ`;
    expect(importedHashFormat(hash(1_048_576, 1))).toEqual({ ok: true, format: 'argon2id' });
    expect(importedHashFormat(hash(65_536, 3))).toEqual({ ok: true, format: 'argon2id' });
    expect(importedHashFormat(hash(1_048_576, 8))).toMatchObject({ ok: false });
  });

  it('caps the work one hash may ask for below what stalls a server', () => {
    expect(MAX_COST.pbkdf2Iterations).toBeLessThanOrEqual(5_000_000);
    expect(MAX_COST.scryptMemoryBytes).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it('never throws and never accepts for arbitrary stored text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc
            .constantFrom('$2b$04$', '$bcrypt-sha256$v=2,t=2b,r=04$', '$6$', '$pbkdf2-sha256$1000$', '$scrypt$ln=4,r=8,p=1$', '$argon2id$v=19$m=4096,t=2,p=2$')
            .chain((prefix) => fc.string({ maxLength: 90 }).map((rest) => prefix + rest)),
        ),
        fc.string({ maxLength: 20 }),
        async (stored, password) => {
          expect(await verifyImportedHash(stored, password)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
