import { describe, expect, it } from 'vitest';
import { CreateAppTokenInput, appTokenQrPayload, generateAppToken, tokenState, APP_TOKEN_PATTERN } from './app-tokens';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, EXPIRY_LABELS } from './app-tokens-expiry';

const NOW = new Date('2026-06-01T12:00:00Z');
const errors = (input: Record<string, unknown>) => {
  const parsed = CreateAppTokenInput.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.reverse().map((i) => [String(i.path[0]), i.message]));
};
const valid = { label: "Anna's iPhone — Paperparrot", expires: 'never', requestId: 'abcdefghijklmnop' };

describe('device tokens', () => {
  it("are 40 lower-case hex characters (Paperless's own key shape), different every time", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateAppToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(APP_TOKEN_PATTERN);
  });

  it('are active, expired at their expiry, or revoked', () => {
    expect(tokenState({ expiresAt: null, revokedAt: null }, NOW)).toBe('active');
    expect(tokenState({ expiresAt: new Date(NOW.getTime() + 1), revokedAt: null }, NOW)).toBe('active');
    expect(tokenState({ expiresAt: NOW, revokedAt: null }, NOW)).toBe('expired');
    expect(tokenState({ expiresAt: new Date(NOW.getTime() + 1), revokedAt: NOW }, NOW)).toBe('revoked');
  });

  it('put the server address and the token in the QR code', () => {
    expect(JSON.parse(appTokenQrPayload('https://paperless.example.com', 'a'.repeat(40)))).toEqual({
      url: 'https://paperless.example.com',
      token: 'a'.repeat(40),
    });
  });
});

describe('the create form', () => {
  it('expires a new token in 90 days unless the user chooses otherwise', () => {
    const { expires: _, ...withoutExpiry } = valid;
    expect(DEFAULT_EXPIRY).toBe('90');
    expect(CreateAppTokenInput.parse(withoutExpiry).expires).toBe('90');
  });

  it('still offers a token that never expires, labelled as such, among the choices', () => {
    expect(CreateAppTokenInput.parse({ ...valid, expires: 'never' }).expires).toBe('never');
    expect(EXPIRY_CHOICES).toEqual(['30', '90', '365', 'never']);
    expect(EXPIRY_LABELS.never).toBe('Never (works until you revoke it)');
  });

  it('accepts a name, an expiry and the form id', () => {
    expect(CreateAppTokenInput.parse({ ...valid, label: '  Phone  ' }).label).toBe('Phone');
  });

  it.each([
    ['an empty name', { label: '   ' }, 'label', /Name the device/],
    ['a name too long', { label: 'x'.repeat(81) }, 'label', /under 80/],
    ['a control character', { label: 'Phone\u0007' }, 'label', /control characters/],
    ['a newline', { label: 'Phone\nX-Injected: 1' }, 'label', /control characters/],
    ['an unknown expiry', { expires: '7' }, 'expires', /Choose when/],
    ['a missing form id', { requestId: '' }, 'requestId', /reload the page/],
    ['a hostile form id', { requestId: "x' OR 1=1 --------" }, 'requestId', /reload the page/],
  ])('refuses %s', (_name, over, field, message) => {
    expect(errors({ ...valid, ...over })[field]).toMatch(message);
  });
});
