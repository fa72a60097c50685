/**
 * The text each app's setup card asks the admin to paste, filled in with this instance's values.
 * The settings and their spelling come from each app's documentation, cited in templates.ts.
 * Shell values are single-quoted and passed as `--option=value`, so a value that starts with a dash
 * (a base64url secret can) is never read as an option.
 */
import type { SetupCardValues, SetupSnippet } from './setup-card-types';
import type { TClientTemplate } from './types';

type Built = { steps: string[]; snippets: SetupSnippet[] };

/** A POSIX shell word: single-quoted, a quote inside written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const list = (lines: (string | false)[]) => lines.filter((line): line is string => line !== false).join('\n');
const appOrigin = (v: SetupCardValues, fallback: string) => {
  const uri = v.redirectUris.find((u) => u.startsWith('http'));
  return uri ? new URL(uri).origin : fallback;
};

/** PAPERLESS_SOCIALACCOUNT_PROVIDERS: django-allauth's openid_connect provider, Gatehouse as one app. */
function paperlessProviders(v: SetupCardValues, secret: string, isPublic: boolean): object {
  const settings: Record<string, string> = { server_url: v.issuer };
  if (!isPublic) settings.token_auth_method = v.tokenEndpointAuthMethod;
  return {
    openid_connect: {
      OAUTH_PKCE_ENABLED: v.usePkce,
      APPS: [{ provider_id: v.providerId, name: 'Gatehouse', client_id: v.clientId, secret: isPublic ? '' : secret, settings }],
    },
  };
}

function paperless(v: SetupCardValues, secret: string, isPublic: boolean): Built {
  const providers = paperlessProviders(v, secret, isPublic);
  const origin = appOrigin(v, '<paperless>');
  return {
    steps: [
      'Add the two variables below to Paperless-ngx’s environment (docker-compose.env, or the environment: of its service), then restart Paperless.',
      `Paperless’s sign-in page then shows “Gatehouse”; its callback is ${origin}/accounts/oidc/${v.providerId}/login/callback/, registered here.`,
      'To link an existing Paperless user, sign in to Paperless as that user, open My Profile and connect the Gatehouse account.',
    ],
    snippets: [
      {
        id: 'paperless-env',
        label: 'Paperless-ngx environment (docker-compose.env)',
        language: 'env',
        text: list(['PAPERLESS_APPS=allauth.socialaccount.providers.openid_connect', `PAPERLESS_SOCIALACCOUNT_PROVIDERS=${JSON.stringify(providers)}`]),
      },
      { id: 'paperless-providers-json', label: 'PAPERLESS_SOCIALACCOUNT_PROVIDERS, readable', language: 'json', text: JSON.stringify(providers, null, 2) },
    ],
  };
}

function swiftPaperless(v: SetupCardValues, secret: string): Built {
  const built = paperless(v, secret, true);
  return {
    steps: [
      'Swift Paperless signs in with the provider your Paperless-ngx server names, so Paperless must use this public client: set the variables below on the Paperless server and restart it.',
      'In Swift Paperless, enter your Paperless address and choose “Gatehouse” on the sign-in screen; the app returns through x-paperless://oidc-callback.',
      ...built.steps.slice(2),
    ],
    snippets: built.snippets,
  };
}

function nextcloud(v: SetupCardValues, secret: string): Built {
  return {
    steps: [
      'Install and enable the “OpenID Connect user backend” app (user_oidc) in Nextcloud.',
      'Run the command below in Nextcloud’s folder as the web server user (for Docker: docker exec -u www-data <container> php occ …).',
      `Nextcloud’s login page then offers “${v.providerId}”; it returns to ${v.redirectUri ?? '<nextcloud>/apps/user_oidc/code'} (with /index.php/ before apps/ when Nextcloud runs without pretty URLs: register that spelling then).`,
    ],
    snippets: [
      {
        id: 'nextcloud-occ',
        label: 'occ command (user_oidc)',
        language: 'shell',
        text: [
          `php occ user_oidc:provider ${shellQuote(v.providerId)}`,
          `  --clientid=${shellQuote(v.clientId)}`,
          `  --clientsecret=${shellQuote(secret)}`,
          `  --discoveryuri=${shellQuote(v.discoveryUrl)}`,
          `  --scope=${shellQuote(v.scope)}`,
          '  --unique-uid=0',
          `  --mapping-uid=${v.usernameClaim}`,
          '  --mapping-display-name=name',
        ].join(' \\\n'),
      },
    ],
  };
}

function forge(v: SetupCardValues, secret: string, command: 'gitea' | 'forgejo'): Built {
  const scopes = v.scopes.filter((scope) => scope !== 'openid');
  return {
    steps: [
      `Run the command below where ${command === 'gitea' ? 'Gitea' : 'Forgejo'} runs, as its user (or add the same source under Site Administration → Authentication Sources, type OAuth2, provider OpenID Connect).`,
      `Its sign-in page then offers “${v.providerId}”; it returns to ${v.redirectUri ?? `<${command}>/user/oauth2/${v.providerId}/callback`}.`,
      command === 'gitea' ? 'Gitea does not send PKCE: this client does not require it.' : 'Require PKCE on this client only if your Forgejo version sends it.',
    ],
    snippets: [
      {
        id: `${command}-add-oauth`,
        label: `${command} admin auth add-oauth`,
        language: 'shell',
        text: [
          `${command} admin auth add-oauth`,
          `  --name=${shellQuote(v.providerId)}`,
          '  --provider=openidConnect',
          `  --key=${shellQuote(v.clientId)}`,
          `  --secret=${shellQuote(secret)}`,
          `  --auto-discover-url=${shellQuote(v.discoveryUrl)}`,
          ...scopes.map((scope) => `  --scopes=${scope}`),
          ...(v.groupsClaim ? [`  --group-claim-name=${v.groupsClaim}`] : []),
        ].join(' \\\n'),
      },
    ],
  };
}

function proxmox(v: SetupCardValues, secret: string): Built {
  return {
    steps: [
      'Run the command below on a Proxmox VE node as root (or add an “OpenID Connect Server” realm under Datacenter → Permissions → Realms).',
      'The username claim is fixed when the realm is created: “username” makes users <preferred_username>@gatehouse. Changing it later means a new realm.',
      `The redirect URI is the address you open Proxmox at, with its port and no path (${v.redirectUri ?? 'https://pve.example.com:8006'}); add one per node you sign in at.`,
      'Give the new users their permissions in Proxmox (Datacenter → Permissions); without --groups-claim support (older versions), leave that option out.',
    ],
    snippets: [
      {
        id: 'proxmox-pveum',
        label: 'pveum realm add',
        language: 'shell',
        text: [
          `pveum realm add ${v.providerId} --type=openid`,
          `  --issuer-url=${shellQuote(v.issuer)}`,
          `  --client-id=${shellQuote(v.clientId)}`,
          `  --client-key=${shellQuote(secret)}`,
          '  --username-claim=username',
          `  --scopes=${shellQuote(v.scope)}`,
          '  --autocreate=1',
          ...(v.groupsClaim ? [`  --groups-claim=${v.groupsClaim}`] : []),
        ].join(' \\\n'),
      },
    ],
  };
}

function portainer(v: SetupCardValues, secret: string): Built {
  return {
    steps: [
      'In Portainer, open Settings → Authentication, choose OAuth, then the Custom provider.',
      'Portainer reads no discovery document: enter each address below by hand.',
      'Turn on automatic user provisioning if Gatehouse users should get a Portainer account on first sign-in.',
    ],
    snippets: [
      {
        id: 'portainer-fields',
        label: 'Portainer OAuth fields',
        language: 'text',
        text: list([
          `Client ID: ${v.clientId}`,
          `Client secret: ${secret}`,
          `Authorization URL: ${v.authorizationEndpoint}`,
          `Access token URL: ${v.tokenEndpoint}`,
          `Resource URL: ${v.userinfoEndpoint}`,
          `Redirect URL: ${v.redirectUri ?? '<portainer>'}`,
          `Logout URL: ${v.endSessionEndpoint}`,
          `User identifier: ${v.usernameClaim}`,
          `Scopes: ${v.scope}`,
        ]),
      },
    ],
  };
}

function grafana(v: SetupCardValues, secret: string): Built {
  return {
    steps: [
      'Add the block below to grafana.ini (or set each key as GF_AUTH_GENERIC_OAUTH_<KEY>), then restart Grafana.',
      `Grafana’s [server] root_url must be its public address: it builds the callback ${v.redirectUri ?? '<grafana>/login/generic_oauth'} from it.`,
      "Map groups to Grafana roles with role_attribute_path if you need to (for example: contains(groups[*], 'admins') && 'Admin' || 'Viewer').",
    ],
    snippets: [
      {
        id: 'grafana-ini',
        label: 'grafana.ini',
        language: 'ini',
        text: list([
          '[auth.generic_oauth]',
          'enabled = true',
          'name = Gatehouse',
          'allow_sign_up = true',
          `client_id = ${v.clientId}`,
          `client_secret = ${secret}`,
          `scopes = ${v.scope}`,
          `auth_url = ${v.authorizationEndpoint}`,
          `token_url = ${v.tokenEndpoint}`,
          `api_url = ${v.userinfoEndpoint}`,
          `auth_style = ${v.tokenEndpointAuthMethod === 'client_secret_post' ? 'InParams' : 'InHeader'}`,
          `use_pkce = ${v.usePkce}`,
          `login_attribute_path = ${v.usernameClaim}`,
          'name_attribute_path = name',
          'email_attribute_path = email',
          v.groupsClaim !== null && `groups_attribute_path = ${v.groupsClaim}`,
        ]),
      },
    ],
  };
}

function generic(v: SetupCardValues, secret: string): Built {
  const settings = {
    issuer: v.issuer,
    discovery_url: v.discoveryUrl,
    client_id: v.clientId,
    ...(v.tokenEndpointAuthMethod === 'none' ? {} : { client_secret: secret }),
    token_endpoint_auth_method: v.tokenEndpointAuthMethod,
    scope: v.scope,
    redirect_uri: v.redirectUri,
    use_pkce: v.usePkce,
  };
  return {
    steps: [
      'Point the app at the issuer (or the discovery URL): it finds every endpoint there.',
      'Enter the client id and secret, the scopes, and register the redirect URI the app shows you on this client.',
    ],
    snippets: [{ id: 'generic-json', label: 'Settings', language: 'json', text: JSON.stringify(settings, null, 2) }],
  };
}

export function snippetsFor(template: TClientTemplate, values: SetupCardValues, secret: string): Built {
  switch (template) {
    case 'paperless':
      return paperless(values, secret, values.tokenEndpointAuthMethod === 'none');
    case 'swift-paperless':
      return swiftPaperless(values, secret);
    case 'nextcloud':
      return nextcloud(values, secret);
    case 'gitea':
    case 'forgejo':
      return forge(values, secret, template);
    case 'proxmox':
      return proxmox(values, secret);
    case 'portainer':
      return portainer(values, secret);
    case 'grafana':
      return grafana(values, secret);
    case 'generic':
      return generic(values, secret);
  }
}
