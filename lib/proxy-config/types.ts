/**
 * Input and output shapes of the reverse-proxy configuration generators (nginx, Caddy,
 * Traefik). The generators are pure: they turn one validated description of "the portal,
 * Gatehouse's address and the protected apps" into configuration text.
 */

export type TListenScheme = 'https' | 'http';
export type TTlsMode = 'automatic' | 'files' | 'none';

/**
 * One protected site. `url` is its public origin (`http://whoami.localhost:8080`): the site is
 * served on that URL's scheme and port. `host` alone (the older form) serves it like the portal
 * (or on `listen`'s scheme and port when given). Exactly one of the two.
 */
export type TProxyAppInput = { url?: string; host?: string; upstream: string; paperless?: boolean };

export type TProxyConfigInput = {
  /** Public URL of the portal (Gatehouse's own site), e.g. https://auth.example.com. */
  portalUrl: string;
  /** The session cookie's domain: every app host must be this domain or under it. */
  cookieDomain?: string;
  /** How the proxy reaches Gatehouse, e.g. http://127.0.0.1:9091. */
  gatehouseUpstream: string;
  /**
   * Protected apps: the public host name and where the proxy forwards allowed requests.
   * `paperless: true` marks a Paperless-ngx instance: its host gets the Paperless hardening
   * (device-token translation, blocked token/admin endpoints, unauthenticated app probes);
   * see PAPERLESS_* below and the README section "Paperless-ngx behind the proxy".
   */
  apps: TProxyAppInput[];
  /**
   * Where the proxy listens. `address`: one IP address instead of all (tests use 127.0.0.1).
   * `scheme` and `port` (given together) replace the portal URL's own scheme and port for the
   * portal and for apps given by `host`; apps given by `url` always use their URL's. Default:
   * every site on the scheme and port of its public URL.
   */
  listen?: { scheme?: TListenScheme; port?: number; address?: string };
  /**
   * Certificates of the https sites: `automatic` (Caddy's automatic HTTPS, a Traefik certificate
   * resolver; nginx gets certbot-style placeholder paths), `files` (placeholder paths to
   * certificate files), `none` (only when every site is plain http). Default: `automatic` when
   * a site is https, `none` otherwise.
   */
  tls?: TTlsMode;
};

/** An http(s) origin the proxy forwards to, split the ways the three syntaxes need it. */
export type TUpstream = {
  scheme: 'http' | 'https';
  /** `host:port` with the port always spelled out; IPv6 in brackets, e.g. `[::1]:9091`. */
  hostPort: string;
  /** `scheme://host:port`, no trailing slash. */
  origin: string;
};

/** Where one site (the portal or an app) is served: its host, and the scheme and port it listens on. */
export type TSite = { host: string; scheme: TListenScheme; port: number };

/** The input after validation: every value safe to paste into a configuration file. */
export type TProxyConfig = {
  portal: TSite & { url: string };
  cookieDomain: string | undefined;
  gatehouse: TUpstream;
  /** `paperless` is present (and true) only for apps marked as Paperless-ngx. */
  apps: (TSite & { upstream: TUpstream; paperless?: true })[];
  listen: { address: string | undefined };
  /** For the https sites (`none` only when there is none). */
  tls: TTlsMode;
};

/** One generated file with a note on where it goes. */
export type TProxyConfigFile = { name: string; content: string; description: string };

export type TNginxConfig = {
  /** The snippets and the site file as an admin would install them under /etc/nginx. */
  files: TProxyConfigFile[];
  /**
   * Upstream and server blocks with the snippets inlined: one text that can be `include`d
   * inside the `http { }` block of any nginx.conf (what the integration test does).
   */
  full: string;
};

/**
 * Identity headers Gatehouse answers with on 200, copied onto the request to the app.
 * Every proxy route strips client-sent copies of these first.
 */
export const IDENTITY_HEADERS = ['Remote-User', 'Remote-Groups', 'Remote-Name', 'Remote-Email'] as const;

/**
 * Headers a client must never be able to set on a proxied request: the identity headers and
 * their underscore spellings (Django, and so Paperless, reads `Remote_User` as
 * HTTP_REMOTE_USER just like `Remote-User`; nginx drops underscored headers by default, Caddy
 * and Traefik do not), and `X-Original-*`, because only the proxy may say which URL is being
 * verified. Every generated route removes them before anything else looks at the request.
 */
export const STRIPPED_REQUEST_HEADERS = [
  ...IDENTITY_HEADERS,
  'Remote_User',
  'Remote_Groups',
  'Remote_Name',
  'Remote_Email',
  'X-Original-URL',
  'X-Original-Method',
] as const;

/**
 * Paperless-ngx apps. Gatehouse answers a valid device token (`Authorization: Token <40 hex>`)
 * with the user's real Paperless token in this header; the proxy moves it into the upstream
 * `Authorization`, so the device never sees the real token and Paperless never sees the device
 * token. (Gatehouse also sends it as `Authorization` itself, for Traefik's authResponseHeaders.)
 */
export const PAPERLESS_AUTHORIZATION_HEADER = 'X-Paperless-Authorization';

/**
 * The unauthenticated requests Paperless apps make before they send credentials (Paperless
 * answers 302, 200 and 405): passed to Paperless without forward auth, for GET and HEAD on
 * exactly these paths, and without any client credentials (Authorization, Cookie).
 */
export const PAPERLESS_PROBE_PATHS = ['/api/', '/api/schema/view/', '/api/token/'] as const;

/** What the proxy answers itself (403) on the paths it blocks on a Paperless host. */
export const PAPERLESS_BLOCKED_BODY = '{"detail":"Blocked by the proxy: this Paperless endpoint is not available through Gatehouse."}';

/** Gatehouse's answer to a bad device token, which nginx must rebuild (auth_request drops bodies). */
export const PAPERLESS_INVALID_TOKEN_BODY = '{"detail":"Invalid token."}';
