import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, PASSWORD_MAX_LENGTH, hashPassword, needsRehash, normalizePassword, verifyPassword } from './password-hash';

const PHC_PREFIX = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

describe('hashPassword', () => {
  it('makes an argon2id PHC string with m=19456, t=2, p=1', async () => {
    const phc = await hashPassword('correct horse battery staple');
    expect(phc).toMatch(PHC_PREFIX);
    expect(ARGON2_PARAMS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('does not contain the password', async () => {
    expect(await hashPassword('visible-secret')).not.toContain('visible-secret');
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const phc = await hashPassword('tractor umbrella sunrise');
    expect(await verifyPassword(phc, 'tractor umbrella sunrise')).toBe(true);
    expect(await verifyPassword(phc, 'tractor umbrella sunris')).toBe(false);
    expect(await verifyPassword(phc, 'Tractor umbrella sunrise')).toBe(false);
    expect(await verifyPassword(phc, 'tractor umbrella sunrise ')).toBe(false);
    expect(await verifyPassword(phc, '')).toBe(false);
  });

  it('normalizes with NFKC: full-width input matches its ASCII form, both ways', async () => {
    const fullWidth = 'ｐａｓｓｗｏｒｄ１２３４';
    expect(normalizePassword(fullWidth)).toBe('password1234');
    expect(await verifyPassword(await hashPassword(fullWidth), 'password1234')).toBe(true);
    expect(await verifyPassword(await hashPassword('password1234'), fullWidth)).toBe(true);
  });

  it('normalizes composed and decomposed accents alike', async () => {
    const composed = 'caf\u00e9 cr\u00e8me';
    const decomposed = 'cafe\u0301 cre\u0300me';
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
  });

  it('is false without a stored hash, even for the dummy password', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword(undefined, 'anything')).toBe(false);
    expect(await verifyPassword(null, 'gatehouse-dummy-password-for-timing')).toBe(false);
    expect(await verifyPassword(null, '')).toBe(false);
  });

  it('is false for a stored value that is not a hash', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    expect(await verifyPassword('', 'anything')).toBe(false);
    expect(await verifyPassword('$2b$10$abcdefghijklmnopqrstuu1234567890123456789012345678901', 'anything')).toBe(false);
  });

  it('refuses a password longer than 1024 characters without verifying it', async () => {
    const long = 'a'.repeat(PASSWORD_MAX_LENGTH * 4 + 1);
    // The hash really matches: only the length guard can make this false.
    const phc = await hashPassword(long);
    expect(await verifyPassword(phc, long)).toBe(false);
  });

  it('still verifies a password of exactly 1024 characters', async () => {
    const edge = 'b'.repeat(PASSWORD_MAX_LENGTH * 4);
    expect(await verifyPassword(await hashPassword(edge), edge)).toBe(true);
  });
});

describe('needsRehash', () => {
  it('is false for a hash made with the current parameters', async () => {
    expect(needsRehash(await hashPassword('whatever it is'))).toBe(false);
  });

  it.each([
    '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=19$m=19456,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=19$m=19456,t=2,p=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=19$m=4096,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$argon2d$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    'plain-text-password',
    '',
  ])('is true for %s', (phc) => {
    expect(needsRehash(phc)).toBe(true);
  });
});
