import { describe, expect, it } from 'vitest';
import { CHALLENGE_TTL_MS, challengeExpiry, readClientChallenge } from './challenges';

const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const withClientData = (clientDataJSON: unknown) => ({ id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON } });
const challenge = 'q2Ppo7yY3V3ZfBLI9kxcHUm1d6XbTnS4Jf0eTi2Pn9E';

describe('challenge expiry', () => {
  it('is two minutes', () => {
    expect(CHALLENGE_TTL_MS).toBe(120_000);
    expect(challengeExpiry(new Date('2026-03-01T12:00:00Z'))).toEqual(new Date('2026-03-01T12:02:00Z'));
  });
});

describe('readClientChallenge', () => {
  it("reads the challenge from the browser's clientDataJSON", () => {
    expect(readClientChallenge(withClientData(encode({ type: 'webauthn.get', challenge, origin: 'https://a.test' })))).toBe(challenge);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'response'],
    ['no response', { id: 'x' }],
    ['a non-string clientDataJSON', withClientData(42)],
    ['not base64url', withClientData('***')],
    ['not JSON', withClientData(encode('{"challenge":'))],
    ['JSON null', withClientData(encode('null'))],
    ['an array', withClientData(encode([challenge]))],
    ['no challenge', withClientData(encode({ type: 'webauthn.get' }))],
    ['a non-string challenge', withClientData(encode({ challenge: { $ne: null } }))],
    ['a challenge with foreign characters', withClientData(encode({ challenge: `${challenge}'--` }))],
    ['a huge challenge', withClientData(encode({ challenge: 'a'.repeat(1000) }))],
    ['a huge clientDataJSON', withClientData('a'.repeat(20_000))],
  ])('returns null for %s', (_, response) => {
    expect(readClientChallenge(response)).toBeNull();
  });
});
