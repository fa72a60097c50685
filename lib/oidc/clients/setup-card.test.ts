/**
 * Each template's setup card, filled in for one instance: the values a relying party needs, the
 * snippets' exact text (JSON that parses, commands with this client's id), and the secret only
 * when it was just made.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSetupCard, oidcEndpoints, SECRET_PLACEHOLDER, type SetupCard } from './setup-card';
import { shellQuote } from './setup-snippets';
import { CLIENT_TEMPLATE_INFO, templateDefaults } from './templates';
import { CLIENT_TEMPLATES, type TClientTemplate } from './types';

const ISSUER = 'https://sso.example.com';
const CLIENT_ID = '0123456789abcdef0123456789abcdef';
const SECRET = '-starts-with-a-dash_and-has-base64url-chars0123456';
const ORIGINS: Record<TClientTemplate, string> = {
  generic: 'https://app.example.com',
  paperless: 'https://paperless.example.com',
  'swift-paperless': 'https://paperless.example.com',
  nextcloud: 'https://cloud.example.com',
  gitea: 'https://git.example.com',
  forgejo: 'https://code.example.com',
  proxmox: 'https://pve.example.com:8006',
  portainer: 'https://portainer.example.com',
  grafana: 'https://grafana.example.com',
};

function card(template: TClientTemplate, secret: string | null): SetupCard {
  const defaults = templateDefaults(template, { name: 'App', origin: ORIGINS[template] });
  const redirectUris = template === 'generic' ? ['https://app.example.com/callback'] : defaults.redirectUris;
  return buildSetupCard({
    template,
    clientId: CLIENT_ID,
    clientSecret: secret,
    issuer: `${ISSUER}/`,
    redirectUris,
    postLogoutRedirectUris: defaults.postLogoutRedirectUris,
    scopes: defaults.scopes,
    tokenEndpointAuthMethod: defaults.tokenEndpointAuthMethod,
    requirePkce: defaults.requirePkce,
  });
}

const snippet = (c: SetupCard, id: string) => {
  const found = c.snippets.find((s) => s.id === id);
  if (!found) throw new Error(`no snippet ${id} in ${c.template}`);
  return found.text;
};
const allText = (c: SetupCard) => [...c.steps, ...c.snippets.map((s) => s.text), JSON.stringify(c.values)].join('\n');

describe('buildSetupCard', () => {
  it.each(CLIENT_TEMPLATES)('%s: values for this instance, JSON that parses, the secret only when just made', (template) => {
    const shown = card(template, SECRET);
    const info = CLIENT_TEMPLATE_INFO[template];
    expect(shown.title).toContain(info.label);
    expect(shown.docsUrl).toMatch(/^https:\/\//);
    expect(shown.values).toMatchObject({ ...oidcEndpoints(ISSUER), clientId: CLIENT_ID, usernameClaim: 'preferred_username', providerId: 'gatehouse' });
    expect(shown.values.issuer).toBe(ISSUER);
    expect(shown.values.scopes[0]).toBe('openid');
    expect(shown.values.scope).toBe(shown.values.scopes.join(' '));
    expect(shown.values.codeChallengeMethod).toBe(shown.values.usePkce ? 'S256' : null);
    expect(shown.snippets.length).toBeGreaterThan(0);
    for (const s of shown.snippets) {
      expect(s.text).toContain(CLIENT_ID);
      if (s.language === 'json') expect(() => JSON.parse(s.text)).not.toThrow();
    }
    const isPublic = info.type === 'public';
    expect(shown.secretShown).toBe(!isPublic);
    expect(shown.values.clientSecret).toBe(isPublic ? null : SECRET);
    if (!isPublic) expect(shown.snippets.some((s) => s.text.includes(SECRET))).toBe(true);
    else expect(allText(shown)).not.toContain(SECRET);

    const hidden = card(template, null);
    expect(hidden.secretShown).toBe(false);
    expect(hidden.values.clientSecret).toBeNull();
    expect(allText(hidden)).not.toContain(SECRET);
    if (!isPublic) expect(hidden.snippets.some((s) => s.text.includes(SECRET_PLACEHOLDER))).toBe(true);
    for (const s of hidden.snippets) if (s.language === 'json') expect(() => JSON.parse(s.text)).not.toThrow();
  });

  it('paperless: PAPERLESS_APPS and the providers JSON with server_url = issuer, PKCE on, the callback registered', () => {
    const c = card('paperless', SECRET);
    const env = snippet(c, 'paperless-env').split('\n');
    expect(env[0]).toBe('PAPERLESS_APPS=allauth.socialaccount.providers.openid_connect');
    expect(env[1]?.startsWith('PAPERLESS_SOCIALACCOUNT_PROVIDERS=')).toBe(true);
    const providers = JSON.parse(env[1]!.slice('PAPERLESS_SOCIALACCOUNT_PROVIDERS='.length));
    expect(providers).toEqual(JSON.parse(snippet(c, 'paperless-providers-json')));
    expect(providers).toEqual({
      openid_connect: {
        OAUTH_PKCE_ENABLED: true,
        APPS: [
          {
            provider_id: 'gatehouse',
            name: 'Gatehouse',
            client_id: CLIENT_ID,
            secret: SECRET,
            settings: { server_url: ISSUER, token_auth_method: 'client_secret_basic' },
          },
        ],
      },
    });
    expect(c.values.redirectUri).toBe('https://paperless.example.com/accounts/oidc/gatehouse/login/callback/');
  });

  it('swift-paperless: a public client with PKCE, the app scheme first, no secret anywhere', () => {
    const c = card('swift-paperless', SECRET);
    expect(c.values).toMatchObject({ tokenEndpointAuthMethod: 'none', usePkce: true, clientSecret: null, redirectUri: 'x-paperless://oidc-callback' });
    expect(c.values.redirectUris).toContain('https://paperless.example.com/accounts/oidc/gatehouse/login/callback/');
    const providers = JSON.parse(snippet(c, 'paperless-providers-json'));
    expect(providers.openid_connect.APPS[0]).toMatchObject({ client_id: CLIENT_ID, secret: '', settings: { server_url: ISSUER } });
    expect(providers.openid_connect.OAUTH_PKCE_ENABLED).toBe(true);
  });

  it('nextcloud: the occ command with discovery, the callback /apps/user_oidc/code, a dash-led secret quoted', () => {
    const c = card('nextcloud', SECRET);
    const occ = snippet(c, 'nextcloud-occ');
    expect(occ).toContain("php occ user_oidc:provider 'gatehouse'");
    expect(occ).toContain(`--clientid='${CLIENT_ID}'`);
    expect(occ).toContain(`--clientsecret=${shellQuote(SECRET)}`);
    expect(occ).toContain(`--discoveryuri='${ISSUER}/.well-known/openid-configuration'`);
    expect(occ).toContain("--scope='openid profile email groups'");
    expect(c.values).toMatchObject({ redirectUri: 'https://cloud.example.com/apps/user_oidc/code', tokenEndpointAuthMethod: 'client_secret_post' });
  });

  it('gitea and forgejo: add-oauth with discovery, their callback, no PKCE', () => {
    for (const [template, origin] of [
      ['gitea', 'https://git.example.com'],
      ['forgejo', 'https://code.example.com'],
    ] as const) {
      const c = card(template, SECRET);
      const command = snippet(c, `${template}-add-oauth`);
      expect(command.startsWith(`${template} admin auth add-oauth`)).toBe(true);
      expect(command).toContain('--provider=openidConnect');
      expect(command).toContain(`--key='${CLIENT_ID}'`);
      expect(command).toContain(`--secret=${shellQuote(SECRET)}`);
      expect(command).toContain(`--auto-discover-url='${ISSUER}/.well-known/openid-configuration'`);
      expect(command).toContain('--group-claim-name=groups');
      expect(command).not.toContain('--scopes=openid');
      expect(c.values).toMatchObject({ redirectUri: `${origin}/user/oauth2/gatehouse/callback`, usePkce: false });
    }
  });

  it('proxmox: pveum realm add with the issuer, the username claim fixed, the origin with its port as redirect', () => {
    const c = card('proxmox', SECRET);
    const command = snippet(c, 'proxmox-pveum');
    expect(command).toContain('pveum realm add gatehouse --type=openid');
    expect(command).toContain(`--issuer-url='${ISSUER}'`);
    expect(command).toContain(`--client-key=${shellQuote(SECRET)}`);
    expect(command).toContain('--username-claim=username');
    expect(c.values.redirectUri).toBe('https://pve.example.com:8006');
    expect(c.steps.join(' ')).toMatch(/fixed when the realm is created/);
  });

  it('portainer: every endpoint by hand, client_secret_post, scopes space-separated', () => {
    const c = card('portainer', SECRET);
    const fields = Object.fromEntries(
      snippet(c, 'portainer-fields')
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
    );
    expect(fields).toEqual({
      'Client ID': CLIENT_ID,
      'Client secret': SECRET,
      'Authorization URL': `${ISSUER}/oidc/auth`,
      'Access token URL': `${ISSUER}/oidc/token`,
      'Resource URL': `${ISSUER}/oidc/me`,
      'Redirect URL': 'https://portainer.example.com',
      'Logout URL': `${ISSUER}/oidc/session/end`,
      'User identifier': 'preferred_username',
      Scopes: 'openid profile email groups',
    });
    expect(c.values).toMatchObject({ tokenEndpointAuthMethod: 'client_secret_post', usePkce: false });
  });

  it('grafana: the [auth.generic_oauth] block with endpoints, PKCE and attribute paths', () => {
    const c = card('grafana', SECRET);
    const ini = Object.fromEntries(
      snippet(c, 'grafana-ini')
        .split('\n')
        .slice(1)
        .map((line) => line.split(' = ') as [string, string]),
    );
    expect(snippet(c, 'grafana-ini').split('\n')[0]).toBe('[auth.generic_oauth]');
    expect(ini).toMatchObject({
      client_id: CLIENT_ID,
      client_secret: SECRET,
      scopes: 'openid profile email groups',
      auth_url: `${ISSUER}/oidc/auth`,
      token_url: `${ISSUER}/oidc/token`,
      api_url: `${ISSUER}/oidc/me`,
      use_pkce: 'true',
      auth_style: 'InHeader',
      login_attribute_path: 'preferred_username',
      groups_attribute_path: 'groups',
    });
    expect(c.values.redirectUri).toBe('https://grafana.example.com/login/generic_oauth');
  });

  it('leaves the groups claim out when the client may not ask for groups', () => {
    const c = buildSetupCard({
      template: 'grafana',
      clientId: CLIENT_ID,
      issuer: ISSUER,
      redirectUris: ['https://grafana.example.com/login/generic_oauth'],
      scopes: ['openid', 'profile'],
      tokenEndpointAuthMethod: 'client_secret_post',
      requirePkce: false,
    });
    expect(c.values.groupsClaim).toBeNull();
    expect(snippet(c, 'grafana-ini')).not.toContain('groups_attribute_path');
    expect(snippet(c, 'grafana-ini')).toContain('auth_style = InParams');
  });
});

describe('shellQuote', () => {
  it('quotes a value so a POSIX shell reads it back unchanged', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('-x')).toBe(`'-x'`);
  });

  it('property: /bin/sh reads every quoted value back exactly (quotes, $, backticks, dashes, newlines)', () => {
    const values = fc.array(fc.string({ unit: fc.constantFrom("'", '"', '$', '`', '\\', '-', ' ', '\n', 'a', '(', ';', '*') }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(values, (words) => {
        const script = `printf '%s\\0' ${words.map(shellQuote).join(' ')}`;
        const out = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
        expect(out.stdout.split('\0').slice(0, -1)).toEqual(words);
      }),
      { numRuns: 200 },
    );
  });
});
