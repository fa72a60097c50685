/**
 * oidc-provider, loaded when the provider is first built rather than when the server starts: the
 * library prints a plain-text warning as it loads on Node 20 ("Use Node.js v22.x LTS"), which must
 * go through Gatehouse's log format (GATEHOUSE_LOG_FORMAT=json) like every other line. A static
 * import would run it before the log format is applied (bundled imports of packages are hoisted).
 */
import type * as OidcLibrary from 'oidc-provider';

let loaded: typeof OidcLibrary | null = null;

export async function loadOidcLibrary(): Promise<typeof OidcLibrary> {
  loaded ??= await import('oidc-provider');
  return loaded;
}

/** The library, once loadOidcLibrary has resolved (the provider getter awaits it before building). */
export function oidcLibrary(): typeof OidcLibrary {
  if (!loaded) throw new Error('oidc-provider is not loaded yet: await loadOidcLibrary() first');
  return loaded;
}
