import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_CHARS, parseInteractionPayload, requestedScopes } from './interaction-payload';

const UID = 'Z8Qb7v3xY1kL0mN2pR4sT';

/** What oidc-provider 9 stores for an Interaction waiting for consent (lib/models/interaction.js). */
function interactionPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iat: 1_800_000_000,
    exp: 1_800_003_600,
    kind: 'Interaction',
    jti: UID,
    returnTo: `https://sso.example.test/oidc/auth/${UID}`,
    prompt: { name: 'consent', reasons: ['op_scopes_missing'], details: { missingOIDCScope: ['openid', 'email'] } },
    params: { client_id: 'client-1', redirect_uri: 'https://paperless.example.test/cb', response_type: 'code', scope: 'openid email', state: 's' },
    session: { accountId: 'user-1', uid: 'sess-uid', cookie: 'sess-cookie', acr: 'two_factor', amr: ['pwd', 'otp'] },
    grantId: 'grant-1',
    ...overrides,
  };
}

const raw = (overrides: Record<string, unknown> = {}) => JSON.stringify(interactionPayload(overrides));

describe('parseInteractionPayload', () => {
  it('reads what the consent screen needs from a stored interaction, keeping fields it does not know', () => {
    const parsed = parseInteractionPayload(raw(), UID);
    expect(parsed?.params.client_id).toBe('client-1');
    expect(parsed?.session?.accountId).toBe('user-1');
    expect(parsed?.prompt.name).toBe('consent');
    expect(requestedScopes(parsed!)).toEqual(['openid', 'email']);
  });

  it('accepts an interaction before anyone signed in (no session) and a request without scope or redirect_uri', () => {
    const parsed = parseInteractionPayload(raw({ session: undefined, prompt: { name: 'login', reasons: [] }, params: { client_id: 'c' } }), UID);
    expect(parsed?.session).toBeUndefined();
    expect(requestedScopes(parsed!)).toEqual([]);
  });

  it.each([
    ['another uid', raw(), 'AnotherUid0123456789'],
    ['another model', raw({ kind: 'Session' }), UID],
    ['a jti that is not a uid', raw({ jti: '../x' }), '../x'],
    ['no client_id', raw({ params: { scope: 'openid' } }), UID],
    ['an empty client_id', raw({ params: { client_id: '' } }), UID],
    ['a client_id that is not a string', raw({ params: { client_id: 7 } }), UID],
    ['an unknown prompt', raw({ prompt: { name: 'select_account', reasons: [] } }), UID],
    ['no returnTo', raw({ returnTo: undefined }), UID],
    ['a session without an account', raw({ session: { uid: 'x' } }), UID],
    ['an overlong scope', raw({ params: { client_id: 'c', scope: 'openid '.repeat(500) } }), UID],
    ['a fractional exp', raw({ exp: 1.5 }), UID],
    ['not JSON', '{"kind":"Interaction"', UID],
    ['JSON null', 'null', UID],
    ['a JSON array', '[]', UID],
    ['too large', raw({ padding: 'x'.repeat(MAX_PAYLOAD_CHARS) }), UID],
  ])('refuses %s', (_what, stored, uid) => {
    expect(parseInteractionPayload(stored, uid)).toBeNull();
  });

  it('never throws, and accepts nothing but an Interaction of that uid with a client, whatever JSON is stored', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, wrap) => {
        const stored = JSON.stringify(wrap ? { ...interactionPayload(), params: value } : value) ?? 'null';
        const parsed = parseInteractionPayload(stored, UID);
        if (parsed) {
          expect(parsed.kind).toBe('Interaction');
          expect(parsed.jti).toBe(UID);
          expect(typeof parsed.params.client_id).toBe('string');
          expect(parsed.params.client_id.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
