import { beforeEach, describe, expect, it, vi } from 'vitest';

// Wrapped (not replaced) so a test can tell whether any code was computed at all.
vi.mock('otplib', async (importOriginal) => {
  const original = await importOriginal<typeof import('otplib')>();
  return { ...original, generateSync: vi.fn(original.generateSync) };
});

const otplib = await import('otplib');
const { TOTP_SETTINGS, checkTotp, generateTotpSecret, totpCodeAt, totpStep, totpUri } = await import('./totp');

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SECOND = 1000;
const STEP_MS = 30 * SECOND;

describe('TOTP_SETTINGS', () => {
  it('uses what every authenticator app understands', () => {
    expect(TOTP_SETTINGS).toEqual({ algorithm: 'SHA1', digits: 6, period: 30, window: 1 });
  });
});

describe('generateTotpSecret', () => {
  it('is 20 random bytes as unpadded RFC 4648 base32 (32 characters, 160 bits)', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('never repeats', () => {
    const secrets = new Set(Array.from({ length: 500 }, () => generateTotpSecret()));
    expect(secrets.size).toBe(500);
  });

  it('is accepted by the code generator and verifier', () => {
    const secret = generateTotpSecret();
    const now = Date.UTC(2026, 0, 1, 12);
    expect(totpCodeAt(secret, now)).toMatch(/^[0-9]{6}$/);
    expect(checkTotp({ secret, code: totpCodeAt(secret, now), nowMs: now, lastUsedStep: null })).toEqual({ ok: true, step: totpStep(now) });
  });
});

describe('totpStep', () => {
  it.each([
    [0, 0],
    [29_999, 0],
    [30_000, 1],
    [59_000, 1],
    [1_111_111_109_000, 37_037_036],
    [1_111_111_111_000, 37_037_037],
    [20_000_000_000_000, 666_666_666],
  ])('puts %d ms in step %d', (nowMs, step) => {
    expect(totpStep(nowMs)).toBe(step);
  });
});

describe('totpCodeAt', () => {
  // RFC 6238 lists 8-digit values; a 6-digit code is the same number mod 10^6, its last 6 digits.
  it.each([
    [59, '94287082'],
    [1_111_111_109, '07081804'],
    [1_111_111_111, '14050471'],
    [1_234_567_890, '89005924'],
    [2_000_000_000, '69279037'],
    [20_000_000_000, '65353130'],
  ])('matches the RFC 6238 SHA-1 vector at T = %d s (%s)', (seconds, rfcCode) => {
    expect(totpCodeAt(RFC_SECRET, seconds * SECOND)).toBe(rfcCode.slice(-6));
  });

  it('accepts a lower-case secret like the upper-case one', () => {
    expect(totpCodeAt(RFC_SECRET.toLowerCase(), 59 * SECOND)).toBe('287082');
  });
});

describe('checkTotp', () => {
  const now = 1_111_111_111 * SECOND;
  const step = totpStep(now);
  const codeAtStep = (s: number) => totpCodeAt(RFC_SECRET, s * STEP_MS);
  const check = (code: string, lastUsedStep: number | bigint | null = null) => checkTotp({ secret: RFC_SECRET, code, nowMs: now, lastUsedStep });

  it('accepts the current code and says which step matched', () => {
    expect(check('050471')).toEqual({ ok: true, step });
  });

  it.each([
    [-2, false],
    [-1, true],
    [0, true],
    [1, true],
    [2, false],
  ])('at %d steps from now: accepted = %s', (offset, accepted) => {
    const result = check(codeAtStep(step + offset));
    expect(result).toEqual(accepted ? { ok: true, step: step + offset } : { ok: false, reason: 'wrong' });
  });

  it('accepts a code until the last millisecond of the step after its own, and not after', () => {
    const code = codeAtStep(step);
    const endOfNext = (step + 2) * STEP_MS - 1;
    expect(checkTotp({ secret: RFC_SECRET, code, nowMs: endOfNext, lastUsedStep: null })).toEqual({ ok: true, step });
    expect(checkTotp({ secret: RFC_SECRET, code, nowMs: endOfNext + 1, lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code of the step already used (replay in the same window)', () => {
    expect(check(codeAtStep(step), step)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses an older code once a newer one was used', () => {
    const newer = check(codeAtStep(step + 1));
    expect(newer).toEqual({ ok: true, step: step + 1 });
    expect(check(codeAtStep(step), step + 1)).toEqual({ ok: false, reason: 'replayed' });
    expect(check(codeAtStep(step - 1), step + 1)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('accepts a newer code after an older one was used', () => {
    expect(check(codeAtStep(step), step - 1)).toEqual({ ok: true, step });
    expect(check(codeAtStep(step + 1), step)).toEqual({ ok: true, step: step + 1 });
  });

  it('takes the last used step as a bigint, as Prisma returns it', () => {
    expect(check(codeAtStep(step), BigInt(step))).toEqual({ ok: false, reason: 'replayed' });
    expect(check(codeAtStep(step + 1), BigInt(step))).toEqual({ ok: true, step: step + 1 });
  });

  it('calls a well-formed code that matches nothing wrong, not replayed', () => {
    const wrong = ['000000', '999999', '123456'].find((c) => ![-1, 0, 1].some((o) => codeAtStep(step + o) === c))!;
    expect(check(wrong, step + 1)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('ignores spaces inside and around the code', () => {
    expect(check('050 471')).toEqual({ ok: true, step });
    expect(check(' 05 04 71 ')).toEqual({ ok: true, step });
    expect(check('12 34 56')).toEqual({ ok: false, reason: 'wrong' });
  });

  describe('malformed input', () => {
    beforeEach(() => {
      vi.mocked(otplib.generateSync).mockClear();
    });

    it.each([
      [''],
      ['      '],
      ['12345'],
      ['1234567'],
      ['abcdef'],
      ['12345a'],
      ['-12345'],
      ['+123456'],
      ['12345.6'],
      ['١٢٣٤٥٦'], // Arabic-Indic digits
      ['１２３４５６'], // full-width digits
      ['1'.repeat(10_000)],
      [`${' '.repeat(100)}123456`],
    ])('refuses %j without computing any code', (code) => {
      expect(check(code)).toEqual({ ok: false, reason: 'malformed' });
      expect(otplib.generateSync).not.toHaveBeenCalled();
    });
  });

  it('computes every step of the window whatever matches', () => {
    const previous = codeAtStep(step - 1);
    vi.mocked(otplib.generateSync).mockClear();
    expect(check(previous)).toEqual({ ok: true, step: step - 1 });
    expect(otplib.generateSync).toHaveBeenCalledTimes(3);
    vi.mocked(otplib.generateSync).mockClear();
    check('000000');
    expect(otplib.generateSync).toHaveBeenCalledTimes(3);
  });
});

describe('totpUri', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('follows the key-uri format with every parameter explicit', () => {
    expect(totpUri({ secret, issuer: 'Gatehouse', accountName: 'anna' })).toBe(
      `otpauth://totp/Gatehouse:anna?secret=${secret}&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('percent-encodes the label parts and the issuer, keeping the colon between them literal', () => {
    const uri = totpUri({ secret, issuer: 'Home Lab Ü', accountName: 'anna@example.com' });
    expect(uri).toBe(`otpauth://totp/Home%20Lab%20%C3%9C:anna%40example.com?secret=${secret}&issuer=Home%20Lab%20%C3%9C&algorithm=SHA1&digits=6&period=30`);
    expect(uri).not.toContain('+');
  });

  it('keeps characters that mean something in a URI from breaking it', () => {
    const issuer = 'A&B/C?D#E=F%';
    const uri = new URL(totpUri({ secret, issuer, accountName: 'x' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.hash).toBe('');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/${issuer}:x`);
    expect(uri.searchParams.get('issuer')).toBe(issuer);
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect([...uri.searchParams.keys()]).toEqual(['secret', 'issuer', 'algorithm', 'digits', 'period']);
  });

  it('refuses a colon in the issuer or the account name', () => {
    expect(() => totpUri({ secret, issuer: 'a:b', accountName: 'x' })).toThrow(/must not contain ":"/);
    expect(() => totpUri({ secret, issuer: 'a', accountName: 'x:y' })).toThrow(/must not contain ":"/);
  });
});
