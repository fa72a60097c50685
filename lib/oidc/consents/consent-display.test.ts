import { describe, expect, it } from 'vitest';
import { OIDC_SCOPE_DESCRIPTIONS } from '../scopes';
import { appDisplayOf, scopesInWords } from './consent-display';

describe('scopesInWords', () => {
  it('keeps known scopes once, in the vocabulary order, with their words', () => {
    expect(scopesInWords(['groups', 'email', 'openid', 'email', 'admin', '', 'offline_access'])).toEqual([
      { scope: 'openid', description: OIDC_SCOPE_DESCRIPTIONS.openid },
      { scope: 'email', description: OIDC_SCOPE_DESCRIPTIONS.email },
      { scope: 'groups', description: OIDC_SCOPE_DESCRIPTIONS.groups },
      { scope: 'offline_access', description: OIDC_SCOPE_DESCRIPTIONS.offline_access },
    ]);
  });

  it('says nothing for unknown or differently spelled scopes', () => {
    expect(scopesInWords(['OPENID', 'Email', 'profile '])).toEqual([]);
  });
});

describe('appDisplayOf', () => {
  const app = { id: 'app 1', name: 'Paperless', description: 'Documents', icon: 'builtin:documents', iconType: null };
  it('has no icon address for a built-in icon', () => {
    expect(appDisplayOf(app).iconSrc).toBeUndefined();
  });
  it('points an uploaded icon at the icon route, the id encoded', () => {
    expect(appDisplayOf({ ...app, icon: 'upload', iconType: 'image/png' }).iconSrc).toBe('/api/applications/app%201/icon');
  });
  it('has no icon address for an upload whose image is missing', () => {
    expect(appDisplayOf({ ...app, icon: 'upload' }).iconSrc).toBeUndefined();
  });
});
