/** The client form: one canonical client or one clear message per field, and the cross-field rules of each client type. */
import { describe, expect, it } from 'vitest';
import { templateDefaults } from './templates';
import { CLIENT_TEMPLATES } from './types';
import { fieldsFromClient, parseClientInput, validateClientForm, type TClientFormFields } from './validate-client-form';

const app = { name: 'Paperless', origin: 'https://paperless.example.com' };
const form = (over: Partial<TClientFormFields> = {}): TClientFormFields => ({ ...fieldsFromClient(templateDefaults('paperless', app)), ...over });

describe('validateClientForm', () => {
  it('accepts every template’s defaults as they are (for an application with an address)', () => {
    for (const template of CLIENT_TEMPLATES) {
      const defaults = templateDefaults(template, app);
      const fields = fieldsFromClient(defaults);
      if (template === 'generic') fields.redirectUris = 'https://paperless.example.com/callback';
      const checked = validateClientForm(fields);
      expect(checked, template).toMatchObject({ ok: true });
      if (checked.ok && template !== 'generic') expect(checked.input).toEqual(defaults);
    }
  });

  it('reads one redirect URI per line, trimmed, blank lines ignored', () => {
    const checked = validateClientForm(form({ redirectUris: '  https://a.example.com/cb \r\n\r\nhttps://b.example.com/cb\n' }));
    expect(checked).toMatchObject({ ok: true, input: { redirectUris: ['https://a.example.com/cb', 'https://b.example.com/cb'] } });
  });

  it('gives a near-miss redirect URI one message on its field, naming the line and the spelling to use', () => {
    const checked = validateClientForm(form({ redirectUris: 'https://paperless.example.com/cb\nhttps://Paperless.example.com:443/cb' }));
    expect(checked).toEqual({ ok: false, fieldErrors: { redirectUris: expect.stringMatching(/^Line 2: .*https:\/\/paperless\.example\.com\/cb/) } });
  });

  it('needs at least one redirect URI', () => {
    expect(validateClientForm(form({ redirectUris: '\n ' }))).toEqual({ ok: false, fieldErrors: { redirectUris: expect.stringContaining('at least one') } });
  });

  it('keeps app schemes and loopback for public clients', () => {
    const web = validateClientForm(form({ redirectUris: 'x-paperless://oidc-callback' }));
    expect(web).toMatchObject({ ok: false, fieldErrors: { redirectUris: expect.stringContaining('public clients') } });
    const native = validateClientForm(
      form({ type: 'public', authMethod: 'none', requirePkce: true, redirectUris: 'x-paperless://oidc-callback\nhttp://127.0.0.1:7777/cb' }),
    );
    expect(native).toMatchObject({ ok: true, input: { type: 'public', redirectUris: ['x-paperless://oidc-callback', 'http://127.0.0.1:7777/cb'] } });
  });

  it('ties the auth method and PKCE to the client type', () => {
    expect(validateClientForm(form({ type: 'public', authMethod: 'client_secret_basic' }))).toMatchObject({
      ok: false,
      fieldErrors: { authMethod: expect.stringContaining('none') },
    });
    expect(validateClientForm(form({ type: 'public', authMethod: 'none', requirePkce: false }))).toMatchObject({
      ok: false,
      fieldErrors: { requirePkce: expect.any(String) },
    });
    expect(validateClientForm(form({ authMethod: 'none' }))).toMatchObject({
      ok: false,
      fieldErrors: { authMethod: expect.any(String) },
    });
    expect(validateClientForm(form({ requirePkce: false }))).toMatchObject({ ok: true, input: { requirePkce: false } });
  });

  it('keeps scopes to what Gatehouse offers, openid always, in one order', () => {
    expect(validateClientForm(form({ scopes: ['email', 'openid', 'email'] }))).toMatchObject({ ok: true, input: { scopes: ['openid', 'email'] } });
    expect(validateClientForm(form({ scopes: ['email'] }))).toMatchObject({ ok: false, fieldErrors: { scopes: expect.stringContaining('openid') } });
    expect(validateClientForm(form({ scopes: ['openid', 'admin'] }))).toMatchObject({ ok: false, fieldErrors: { scopes: expect.stringContaining('"admin"') } });
  });

  it('bounds the lifetimes and says the range', () => {
    for (const [field, value] of [
      ['accessLifetime', '59'],
      ['accessLifetime', '86401'],
      ['idLifetime', '1e3'],
      ['refreshLifetime', '-1'],
      ['refreshLifetime', '31536001'],
      ['accessLifetime', ''],
    ] as const) {
      expect(validateClientForm(form({ [field]: value })), `${field}=${value}`).toMatchObject({
        ok: false,
        fieldErrors: { [field]: expect.stringContaining('whole number of seconds') },
      });
    }
    expect(validateClientForm(form({ accessLifetime: '600', refreshLifetime: '3600' }))).toMatchObject({
      ok: true,
      input: { accessTokenTtl: 600, refreshTokenTtl: 3600 },
    });
  });

  it('refuses an unknown template, type, alg, an empty or control-character name', () => {
    expect(validateClientForm(form({ template: 'keycloak' }))).toMatchObject({ ok: false, fieldErrors: { template: expect.any(String) } });
    expect(validateClientForm(form({ type: 'trusted' }))).toMatchObject({ ok: false, fieldErrors: { type: expect.any(String) } });
    expect(validateClientForm(form({ signingAlg: 'none' }))).toMatchObject({ ok: false, fieldErrors: { signingAlg: expect.any(String) } });
    expect(validateClientForm(form({ signingAlg: 'HS256' }))).toMatchObject({ ok: false, fieldErrors: { signingAlg: expect.any(String) } });
    expect(validateClientForm(form({ name: '  ' }))).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String) } });
    expect(validateClientForm(form({ name: 'a\u0000b' }))).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String) } });
  });

  it('checks the back-channel logout address: optional, https or a private http host', () => {
    expect(validateClientForm(form({ backchannelLogoutUri: ' ' }))).toMatchObject({ ok: true, input: { backchannelLogoutUri: null } });
    expect(validateClientForm(form({ backchannelLogoutUri: 'http://paperless.example.com/bc' }))).toMatchObject({
      ok: false,
      fieldErrors: { backchannelLogoutUri: expect.stringContaining('https') },
    });
    expect(validateClientForm(form({ backchannelLogoutUri: 'http://192.168.1.5:8000/bc' }))).toMatchObject({
      ok: true,
      input: { backchannelLogoutUri: 'http://192.168.1.5:8000/bc' },
    });
  });

  it('uses form field names the action pipeline echoes back (none says token, secret, password or code)', () => {
    for (const name of Object.keys(form())) expect(name).not.toMatch(/password|token|secret|code/i);
  });

  it('parseClientInput re-validates its own output unchanged', () => {
    const checked = validateClientForm(form());
    if (!checked.ok) throw new Error('defaults refused');
    expect(parseClientInput(checked.input)).toEqual(checked);
  });
});
