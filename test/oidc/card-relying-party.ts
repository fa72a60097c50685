/**
 * Reads a setup card (lib/oidc/clients/setup-card.ts) the way each app reads what the admin pasted,
 * and says how that app then behaves as a relying party: where it finds the provider (discovery,
 * or endpoints entered by hand), its client id and secret, how it authenticates at the token
 * endpoint, whether it sends PKCE, the redirect URI it sends (built the way the app builds it
 * from its own address and settings, not copied from the card) and the claim it takes the user
 * name from. The card-check test (setup-cards.integration.test.ts) configures openid-client from
 * this and runs a code flow; nothing here is read from the card's `values`, only from what the
 * admin is told to paste (its snippets).
 */
import type { SetupCard } from '../../lib/oidc/clients/setup-card';

export type CardRelyingParty = {
  /** discovery: the app reads the discovery document; manual: the endpoints it was given. */
  provider:
    | { kind: 'discovery'; url: string }
    | { kind: 'manual'; authorizationEndpoint: string; tokenEndpoint: string; userinfoEndpoint: string; endSessionEndpoint?: string };
  clientId: string;
  /** '' for a public client. */
  clientSecret: string;
  authMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  usePkce: boolean;
  redirectUri: string;
  scope: string;
  /** Where the app reads the user name: the ID token's claims, or the userinfo (resource) answer. */
  usernameFrom: 'id_token' | 'userinfo';
  usernameClaim: string;
};

/** How the apps under test are reached (they never are: the flow ends at their redirect URI). */
export type AppAddress = { origin: string };

function snippet(card: SetupCard, id: string): string {
  const found = card.snippets.find((s) => s.id === id);
  if (!found) throw new Error(`the ${card.template} card has no snippet ${id} (it has ${card.snippets.map((s) => s.id).join(', ')})`);
  return found.text;
}

/**
 * The words of a POSIX shell command: single quotes (taken literally), backslash escapes and
 * backslash-newline continuations outside them, and plain double quotes (no escapes inside:
 * the cards never use them). Enough for the one-command snippets the cards give.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c === "'" ? 'single' : 'double'} quote`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      i++;
      // A backslash-newline joins lines; any other escaped character is itself.
      if (text[i] !== '\n') word = (word ?? '') + text[i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** `--name=value` options of a command (repeated ones in order). */
function options(words: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const word of words) {
    const match = /^--([a-z-]+)=(.*)$/s.exec(word);
    if (match) out.set(match[1]!, [...(out.get(match[1]!) ?? []), match[2]!]);
  }
  return out;
}

function one(opts: Map<string, string[]>, name: string): string {
  const values = opts.get(name);
  if (values?.length !== 1) throw new Error(`expected one --${name}, found ${values?.length ?? 0}`);
  return values[0]!;
}

/** `key = value` (ini) or `Key: value` lines. */
function pairs(text: string, separator: '=' | ':'): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf(separator);
    if (at > 0 && !line.startsWith('[')) out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}

function need(map: Map<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`the snippet has no ${key}`);
  return value;
}

type AllauthApp = { provider_id: string; client_id: string; secret: string; settings: { server_url: string; token_auth_method?: string } };

/**
 * django-allauth's openid_connect provider as Paperless-ngx configures it from its environment
 * (https://docs.allauth.org/en/latest/socialaccount/providers/openid_connect.html): discovery at
 * `<server_url>/.well-known/openid-configuration`, the callback `/accounts/oidc/<provider_id>/login/callback/`,
 * `token_auth_method` (default client_secret_basic), PKCE from `OAUTH_PKCE_ENABLED`, scopes openid profile email.
 */
function paperless(card: SetupCard, app: AppAddress, native: boolean): CardRelyingParty {
  const env = pairs(snippet(card, 'paperless-env'), '=');
  if (need(env, 'PAPERLESS_APPS') !== 'allauth.socialaccount.providers.openid_connect') throw new Error('PAPERLESS_APPS does not enable openid_connect');
  const providers = JSON.parse(need(env, 'PAPERLESS_SOCIALACCOUNT_PROVIDERS')) as { openid_connect: { OAUTH_PKCE_ENABLED: boolean; APPS: AllauthApp[] } };
  const [allauth] = providers.openid_connect.APPS;
  if (!allauth || providers.openid_connect.APPS.length !== 1) throw new Error('expected exactly one allauth app');
  const isPublic = allauth.secret === '';
  return {
    provider: { kind: 'discovery', url: `${allauth.settings.server_url.replace(/\/$/, '')}/.well-known/openid-configuration` },
    clientId: allauth.client_id,
    clientSecret: allauth.secret,
    authMethod: isPublic ? 'none' : ((allauth.settings.token_auth_method ?? 'client_secret_basic') as CardRelyingParty['authMethod']),
    usePkce: providers.openid_connect.OAUTH_PKCE_ENABLED === true,
    // Swift Paperless returns to its own scheme; the Paperless web app to allauth's callback.
    redirectUri: native ? 'x-paperless://oidc-callback' : `${app.origin}/accounts/oidc/${allauth.provider_id}/login/callback/`,
    scope: 'openid profile email',
    usernameFrom: 'id_token',
    usernameClaim: 'preferred_username',
  };
}

/**
 * Nextcloud user_oidc (https://github.com/nextcloud/user_oidc): the occ command's options; the callback
 * /apps/user_oidc/code. Its code exchange (lib/Controller/LoginController.php) puts the secret in the body
 * when discovery lists client_secret_post and sends PKCE S256 when discovery lists it (use_pkce defaults to
 * true): Gatehouse's discovery lists both, which the card check asserts.
 */
function nextcloud(card: SetupCard, app: AppAddress): CardRelyingParty {
  const words = shellWords(snippet(card, 'nextcloud-occ'));
  if (words[0] !== 'php' || words[1] !== 'occ' || words[2] !== 'user_oidc:provider') throw new Error('not a user_oidc:provider command');
  const opts = options(words);
  return {
    provider: { kind: 'discovery', url: one(opts, 'discoveryuri') },
    clientId: one(opts, 'clientid'),
    clientSecret: one(opts, 'clientsecret'),
    authMethod: 'client_secret_post',
    usePkce: true,
    redirectUri: `${app.origin}/apps/user_oidc/code`,
    scope: one(opts, 'scope'),
    usernameFrom: 'id_token',
    usernameClaim: one(opts, 'mapping-uid'),
  };
}

/**
 * Gitea and Forgejo (`admin auth add-oauth`, https://docs.gitea.com/administration/command-line#admin):
 * discovery from --auto-discover-url, scopes openid + --scopes, the callback
 * `/user/oauth2/<name>/callback`, the secret in the Authorization header, no PKCE.
 */
function forge(card: SetupCard, app: AppAddress, command: string): CardRelyingParty {
  const words = shellWords(snippet(card, `${command}-add-oauth`));
  if (words.slice(0, 4).join(' ') !== `${command} admin auth add-oauth`) throw new Error(`not a ${command} admin auth add-oauth command`);
  const opts = options(words);
  if (one(opts, 'provider') !== 'openidConnect') throw new Error('--provider is not openidConnect');
  return {
    provider: { kind: 'discovery', url: one(opts, 'auto-discover-url') },
    clientId: one(opts, 'key'),
    clientSecret: one(opts, 'secret'),
    authMethod: 'client_secret_basic',
    usePkce: false,
    redirectUri: `${app.origin}/user/oauth2/${one(opts, 'name')}/callback`,
    scope: ['openid', ...(opts.get('scopes') ?? [])].join(' '),
    usernameFrom: 'id_token',
    usernameClaim: 'preferred_username',
  };
}

/**
 * Proxmox VE's openid realm (https://pve.proxmox.com/pve-docs/chapter-pveum.html#pveum_openid):
 * discovery at --issuer-url, --client-key as the secret, the page's origin (with its port) as
 * redirect_uri, --username-claim username = preferred_username, PKCE (S256).
 */
function proxmox(card: SetupCard, app: AppAddress): CardRelyingParty {
  const words = shellWords(snippet(card, 'proxmox-pveum'));
  if (words.slice(0, 3).join(' ') !== 'pveum realm add' || !words.includes('--type=openid')) throw new Error('not a pveum realm add --type=openid command');
  const opts = options(words);
  const claim = one(opts, 'username-claim');
  return {
    provider: { kind: 'discovery', url: `${one(opts, 'issuer-url').replace(/\/$/, '')}/.well-known/openid-configuration` },
    clientId: one(opts, 'client-id'),
    clientSecret: one(opts, 'client-key'),
    authMethod: 'client_secret_basic',
    usePkce: true,
    redirectUri: app.origin,
    scope: one(opts, 'scopes'),
    usernameFrom: 'id_token',
    usernameClaim: claim === 'username' ? 'preferred_username' : claim === 'subject' ? 'sub' : claim,
  };
}

/** Portainer's custom OAuth provider (https://docs.portainer.io/admin/settings/authentication/oauth): every address by hand, client_secret_post, no PKCE. */
function portainer(card: SetupCard): CardRelyingParty {
  const fields = pairs(snippet(card, 'portainer-fields'), ':');
  return {
    provider: {
      kind: 'manual',
      authorizationEndpoint: need(fields, 'Authorization URL'),
      tokenEndpoint: need(fields, 'Access token URL'),
      userinfoEndpoint: need(fields, 'Resource URL'),
      endSessionEndpoint: need(fields, 'Logout URL'),
    },
    clientId: need(fields, 'Client ID'),
    clientSecret: need(fields, 'Client secret'),
    authMethod: 'client_secret_post',
    usePkce: false,
    redirectUri: need(fields, 'Redirect URL'),
    scope: need(fields, 'Scopes'),
    usernameFrom: 'userinfo',
    usernameClaim: need(fields, 'User identifier'),
  };
}

/** Grafana's [auth.generic_oauth] (its docs, cited in templates.ts): auth_style InHeader = Basic, InParams = post; the callback /login/generic_oauth. */
function grafana(card: SetupCard, app: AppAddress): CardRelyingParty {
  const ini = pairs(snippet(card, 'grafana-ini'), '=');
  if (need(ini, 'enabled') !== 'true') throw new Error('generic_oauth is not enabled');
  return {
    provider: { kind: 'manual', authorizationEndpoint: need(ini, 'auth_url'), tokenEndpoint: need(ini, 'token_url'), userinfoEndpoint: need(ini, 'api_url') },
    clientId: need(ini, 'client_id'),
    clientSecret: need(ini, 'client_secret'),
    authMethod: need(ini, 'auth_style') === 'InParams' ? 'client_secret_post' : 'client_secret_basic',
    usePkce: need(ini, 'use_pkce') === 'true',
    redirectUri: `${app.origin}/login/generic_oauth`,
    scope: need(ini, 'scopes'),
    usernameFrom: 'userinfo',
    usernameClaim: need(ini, 'login_attribute_path'),
  };
}

/** The generic card's settings JSON. */
function generic(card: SetupCard): CardRelyingParty {
  const settings = JSON.parse(snippet(card, 'generic-json')) as {
    discovery_url: string;
    client_id: string;
    client_secret?: string;
    token_endpoint_auth_method: CardRelyingParty['authMethod'];
    scope: string;
    redirect_uri: string;
    use_pkce: boolean;
  };
  return {
    provider: { kind: 'discovery', url: settings.discovery_url },
    clientId: settings.client_id,
    clientSecret: settings.client_secret ?? '',
    authMethod: settings.token_endpoint_auth_method,
    usePkce: settings.use_pkce,
    redirectUri: settings.redirect_uri,
    scope: settings.scope,
    usernameFrom: 'id_token',
    usernameClaim: 'preferred_username',
  };
}

export function relyingPartyFromCard(card: SetupCard, app: AppAddress): CardRelyingParty {
  switch (card.template) {
    case 'paperless':
      return paperless(card, app, false);
    case 'swift-paperless':
      return paperless(card, app, true);
    case 'nextcloud':
      return nextcloud(card, app);
    case 'gitea':
    case 'forgejo':
      return forge(card, app, card.template);
    case 'proxmox':
      return proxmox(card, app);
    case 'portainer':
      return portainer(card);
    case 'grafana':
      return grafana(card, app);
    case 'generic':
      return generic(card);
  }
}
