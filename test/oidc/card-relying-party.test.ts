/**
 * The card reader of the card check (card-relying-party.ts) on its own: shell words survive the
 * cards' quoting whatever the value, and for every template the reader finds in the snippets the
 * same client, secret and endpoints the card was built with (so a failing card check points at the
 * card or the provider, never at the reader).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSetupCard } from '../../lib/oidc/clients/setup-card';
import { shellQuote } from '../../lib/oidc/clients/setup-snippets';
import { templateDefaults } from '../../lib/oidc/clients/templates';
import { CLIENT_TEMPLATES } from '../../lib/oidc/clients/types';
import { relyingPartyFromCard, shellWords } from './card-relying-party';

describe('shellWords', () => {
  it('reads back any value the cards single-quote, next to continuation lines', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(shellWords(`cmd sub \\\n  --a=${shellQuote(a)} \\\n  --b=${shellQuote(b)}`)).toEqual(['cmd', 'sub', `--a=${a}`, `--b=${b}`]);
      }),
    );
  });

  it('refuses an unterminated quote rather than guessing', () => {
    expect(() => shellWords("cmd --a='open")).toThrow(/unterminated/);
  });
});

describe('relyingPartyFromCard', () => {
  const issuer = 'https://auth.example.test';
  it.each(CLIENT_TEMPLATES)('%s: reads the client the card was built with', (template) => {
    const origin = template === 'proxmox' ? 'https://pve.example.test:8006' : `https://${template}.example.test`;
    const defaults = templateDefaults(template, { name: 'App', origin });
    // The generic template knows no callback: the admin enters the one the app shows.
    if (template === 'generic') defaults.redirectUris = [`${origin}/oauth/callback`];
    const secret = defaults.type === 'public' ? null : "-s3cr'et_with-dash";
    const card = buildSetupCard({ ...defaults, clientId: 'c0ffee', clientSecret: secret, issuer });
    const rp = relyingPartyFromCard(card, { origin });
    expect(rp.clientId).toBe('c0ffee');
    expect(rp.clientSecret).toBe(secret ?? '');
    expect(rp.authMethod).toBe(defaults.tokenEndpointAuthMethod);
    // Every redirect URI an app sends is one the template registers.
    expect(defaults.redirectUris).toContain(rp.redirectUri);
    // A client that requires PKCE gets an app that sends it.
    expect(!defaults.requirePkce || rp.usePkce).toBe(true);
    const where =
      rp.provider.kind === 'discovery'
        ? new URL(rp.provider.url).origin
        : [rp.provider.authorizationEndpoint, rp.provider.tokenEndpoint, rp.provider.userinfoEndpoint];
    expect(where).toEqual(
      rp.provider.kind === 'discovery' ? issuer : [card.values.authorizationEndpoint, card.values.tokenEndpoint, card.values.userinfoEndpoint],
    );
    expect(rp.scope.split(' ')).toContain('openid');
  });
});
