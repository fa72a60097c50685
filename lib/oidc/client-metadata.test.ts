import { describe, expect, it } from 'vitest';
import { applicationTypeOf, clientMetadata, clientSettings, grantTtlOf, isNativeRedirect, type OidcClientRow } from './client-metadata';

const ROW: OidcClientRow = {
  id: 'client-1',
  applicationId: 'app-1',
  name: 'Paperless',
  type: 'confidential',
  secretHash: 'a'.repeat(64),
  tokenEndpointAuthMethod: 'client_secret_post',
  redirectUris: '["https://docs.example.test/accounts/oidc/gatehouse/login/callback/"]',
  postLogoutRedirectUris: '["https://docs.example.test/"]',
  backchannelLogoutUri: null,
  requirePkce: false,
  scopes: '["openid","profile","email","groups"]',
  idTokenAlg: 'RS256',
  claimsInIdToken: true,
  firstParty: false,
  accessTokenTtl: 600,
  idTokenTtl: 300,
  refreshTokenTtl: 86_400,
};

describe('clientMetadata', () => {
  it('turns a confidential client row into the library metadata, the secret as its hash', () => {
    expect(clientMetadata(ROW)).toEqual({
      client_id: 'client-1',
      client_name: 'Paperless',
      application_type: 'web',
      token_endpoint_auth_method: 'client_secret_post',
      client_secret: 'a'.repeat(64),
      redirect_uris: ['https://docs.example.test/accounts/oidc/gatehouse/login/callback/'],
      post_logout_redirect_uris: ['https://docs.example.test/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid profile email groups',
      id_token_signed_response_alg: 'RS256',
      gatehouse_application_id: 'app-1',
      gatehouse_require_pkce: false,
      gatehouse_claims_in_id_token: true,
      gatehouse_first_party: false,
      gatehouse_access_token_ttl: 600,
      gatehouse_id_token_ttl: 300,
      gatehouse_refresh_token_ttl: 86_400,
    });
  });

  it('allows refresh tokens only with offline_access, and requires PKCE of a public client whatever the row says', () => {
    const phone = clientMetadata({
      ...ROW,
      type: 'public',
      secretHash: null,
      requirePkce: false,
      redirectUris: '["x-paperless://oidc-callback"]',
      scopes: '["openid","offline_access"]',
    });
    expect(phone).toMatchObject({
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      gatehouse_require_pkce: true,
    });
    expect(phone).not.toHaveProperty('client_secret');
  });

  it('fails closed on unreadable columns and unknown values', () => {
    const odd = clientMetadata({
      ...ROW,
      redirectUris: 'not json',
      scopes: '["openid","admin"]',
      idTokenAlg: 'none',
      tokenEndpointAuthMethod: 'private_key_jwt',
      secretHash: null,
    });
    expect(odd).toMatchObject({ redirect_uris: [], scope: 'openid', id_token_signed_response_alg: 'RS256', token_endpoint_auth_method: 'client_secret_basic' });
    expect(odd.client_secret).toMatch(/^unset:/);
  });

  it('adds back-channel logout with the session id when a URI is registered', () => {
    expect(clientMetadata({ ...ROW, backchannelLogoutUri: 'https://docs.example.test/bc' })).toMatchObject({
      backchannel_logout_uri: 'https://docs.example.test/bc',
      backchannel_logout_session_required: true,
    });
  });
});

describe('native clients (RFC 8252)', () => {
  it('recognises custom schemes and loopback http as native redirects', () => {
    expect(isNativeRedirect('x-paperless://oidc-callback')).toBe(true);
    expect(isNativeRedirect('http://127.0.0.1:8080/cb')).toBe(true);
    expect(isNativeRedirect('http://[::1]/cb')).toBe(true);
    expect(isNativeRedirect('https://app.example.test/cb')).toBe(false);
    expect(isNativeRedirect('http://app.example.test/cb')).toBe(false);
    expect(isNativeRedirect('not a url')).toBe(false);
  });

  it('makes a public client native when it has a native redirect and every other one is https', () => {
    expect(applicationTypeOf({ type: 'public', redirectUris: '["x-app://cb","http://127.0.0.1/cb"]' })).toBe('native');
    // Swift Paperless: the app scheme next to the server's https callback.
    expect(applicationTypeOf({ type: 'public', redirectUris: '["x-app://cb","https://app.example.test/cb"]' })).toBe('native');
    expect(applicationTypeOf({ type: 'public', redirectUris: '["x-app://cb","http://app.example.test/cb"]' })).toBe('web');
    expect(applicationTypeOf({ type: 'public', redirectUris: '["https://app.example.test/cb"]' })).toBe('web');
    expect(applicationTypeOf({ type: 'confidential', redirectUris: '["x-app://cb"]' })).toBe('web');
    expect(applicationTypeOf({ type: 'public', redirectUris: '[]' })).toBe('web');
  });
});

describe('clientSettings', () => {
  it('reads the extra metadata back, with safe defaults', () => {
    expect(clientSettings(clientMetadata(ROW))).toEqual({
      applicationId: 'app-1',
      requirePkce: false,
      claimsInIdToken: true,
      firstParty: false,
      accessTokenTtl: 600,
      idTokenTtl: 300,
      refreshTokenTtl: 86_400,
    });
    expect(clientSettings({})).toMatchObject({ requirePkce: true, claimsInIdToken: false, firstParty: false, accessTokenTtl: 3600 });
    expect(grantTtlOf({ accessTokenTtl: 600, refreshTokenTtl: 86_400 })).toBe(86_400);
  });
});
