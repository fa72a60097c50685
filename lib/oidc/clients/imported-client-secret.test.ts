/**
 * Authelia's client secret digests, verified as they are. The vectors were made with independent
 * tools, never with Gatehouse's code: passlib 1.7.4 (Debian python3-passlib: pbkdf2_sha512,
 * pbkdf2_sha256, pbkdf2_sha1, sha512_crypt, sha256_crypt, scrypt, bcrypt_sha256 — go-crypt writes the same
 * strings), Debian's `argon2` CLI, and Apache's `htpasswd -B` (bcrypt), for the secret below.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../crypto';
import { importedSecretMatches, isImportedDigest } from './imported-client-secret';

const SECRET = 'tiger-secret-42';
const DIGESTS = {
  'pbkdf2-sha512': '$pbkdf2-sha512$1000$1noPYWwN4ZyTEsLYe4/xHg$683whcfyGiSLqGDeifY4WGl2HK.3hcUTFba.NKGHkw9TUYeRPsHkStJG88iJPzxrxeIpxrUANm3s2f/WzMcsBQ',
  'pbkdf2-sha256': '$pbkdf2-sha256$1000$QOjdmzNmbE1JCQGAcG6N8Q$9NYdUdHAOXeR9HoGvbaIninJFw3pELcspd0AeCz5TH0',
  'pbkdf2-sha1': '$pbkdf2$1000$co5R6v0/p/Q.x7jX2tv7Xw$PvIJjt6pZstv48q66J7ppt1Y3X4',
  sha512crypt: '$6$ZjRen/LXgDloAIAj$rnK3MfXF6/.9Qm5KEONRg145rnQgexZxq3PoZcCUG6fwMRl1omR3va.xyVNp5lH3ySgVqj2sF2R9pKRDo0h.y1',
  sha256crypt: '$5$Ryjkm2RAVCaM2Z/I$DdUgQ9D7q.e.qOBvVCsiAULzrnMM3xl/35q4yQJEuM5',
  scrypt: '$scrypt$ln=10,r=8,p=1$gtC6N4bQWstZK+X8f+/dWw$uhVbxQcOx3AvqqA1s71W8Xd1fuu06NqvAZ5YpMkmRMs',
  argon2id: '$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHRzYWx0$fyl9PoWDqE4pP3gRM/owvgx7s5c0ytO87HL+kgQ/mKQ',
  argon2i: '$argon2i$v=19$m=4096,t=2,p=1$b3RoZXJzYWx0MQ$yxZl6WlHSB1weGN1BvWLONMO/MWI44iMIiIawF+vbMk',
  bcrypt: '$2y$05$IjWz89sF2LpgCQRewzAUxOpi6pERBL0zdpGE2NxrTKmpWAzFfoFIu',
  // passlib's bcrypt_sha256 (go-crypt's bcrypt sha256 variant, which Authelia's client_secret accepts).
  'bcrypt-sha256': '$bcrypt-sha256$v=2,t=2b,r=5$DNU2SMoMYlAbI54YvLR8o.$SdtRz98OAIwtT5JoGqWu20NTc.YPWQy',
};

describe('imported Authelia client secrets', () => {
  it.each(Object.entries(DIGESTS))('%s: the right secret matches, a wrong one does not', async (_format, digest) => {
    expect(isImportedDigest(digest)).toBe(true);
    expect(await importedSecretMatches(`${SECRET}x`, digest)).toBe(false);
    expect(await importedSecretMatches(SECRET, digest)).toBe(true);
    // Remembered after the first success: the same answers, and still no for a wrong one.
    expect(await importedSecretMatches(SECRET, digest)).toBe(true);
    expect(await importedSecretMatches(SECRET.slice(0, -1), digest)).toBe(false);
  });

  it("leaves Gatehouse's own SHA-256 hashes and anything unknown alone", async () => {
    expect(await importedSecretMatches(SECRET, sha256Hex(SECRET))).toBe(false);
    expect(await importedSecretMatches(SECRET, `$plaintext$${SECRET}`)).toBe(false);
    expect(await importedSecretMatches(SECRET, '$md5$abc$def')).toBe(false);
    // A digest asking scrypt for 2^20·99·128 bytes is not verified (no 13 GB allocation).
    expect(await importedSecretMatches(SECRET, '$scrypt$ln=20,r=99,p=1$gtC6N4bQWstZK+X8f+/dWw$uhVbxQcOx3AvqqA1s71W8Xd1fuu06NqvAZ5YpMkmRMs')).toBe(false);
    expect(await importedSecretMatches('', DIGESTS.argon2id)).toBe(false);
    expect(await importedSecretMatches(null, DIGESTS.argon2id)).toBe(false);
    expect(await importedSecretMatches(SECRET, null)).toBe(false);
  });

  it('answers a mangled digest without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.values(DIGESTS)), fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), async (digest, at, insert) => {
        const cut = 1 + (at % (digest.length - 1));
        const mangled = digest.slice(0, cut) + insert + digest.slice(cut + insert.length);
        fc.pre(mangled !== digest);
        await expect(importedSecretMatches(SECRET, mangled)).resolves.toBeTypeOf('boolean');
      }),
      { numRuns: 60 },
    );
  });
});
