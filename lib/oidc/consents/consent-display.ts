/**
 * How an app with access is shown to its user, the same on the consent screen and on the
 * Security page: its application's name and icon, and the scopes in words.
 */
import { isOidcScope, OIDC_SCOPE_DESCRIPTIONS, OIDC_SCOPES, type OidcScope } from '../scopes';

export type ScopeInWords = { scope: OidcScope; description: string };

export type AppDisplay = {
  id: string;
  name: string;
  description: string;
  /** `builtin:<name>` or `upload`. */
  icon: string;
  /** Where an uploaded icon is served (the launcher's route), or undefined for a built-in one. */
  iconSrc: string | undefined;
};

/** Known scopes in the vocabulary's order (openid first), each once, with what it lets the app read. */
export function scopesInWords(scopes: Iterable<string>): ScopeInWords[] {
  const wanted = new Set([...scopes].filter(isOidcScope));
  return OIDC_SCOPES.filter((scope) => wanted.has(scope)).map((scope) => ({ scope, description: OIDC_SCOPE_DESCRIPTIONS[scope] }));
}

export function appDisplayOf(app: { id: string; name: string; description: string; icon: string; iconType: string | null }): AppDisplay {
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    icon: app.icon,
    iconSrc: app.icon === 'upload' && app.iconType !== null ? `/api/applications/${encodeURIComponent(app.id)}/icon` : undefined,
  };
}

/** The application columns appDisplayOf needs (never the icon's bytes). */
export const APP_DISPLAY_SELECT = { id: true, name: true, description: true, icon: true, iconType: true } as const;
