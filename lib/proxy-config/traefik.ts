/**
 * Traefik dynamic configuration (file provider, YAML): a `forwardAuth` middleware against
 * Gatehouse's /api/verify/forward-auth, a `headers` middleware that strips client-sent identity
 * headers, and one router + service per app plus the portal's.
 *
 * Field names follow Traefik's dynamic-configuration reference (see traefik.test.ts for the
 * pages). Only fields every Traefik 2.x/3.x release knows are emitted: the file provider
 * rejects unknown fields, so e.g. `maxResponseBodySize` (added in 2026) is left out.
 */
import { Document } from 'yaml';
import {
  IDENTITY_HEADERS,
  PAPERLESS_AUTHORIZATION_HEADER,
  PAPERLESS_PROBE_PATHS,
  STRIPPED_REQUEST_HEADERS,
  type TProxyConfig,
  type TProxyConfigInput,
  type TSite,
} from './types';
import { validateProxyConfigInput } from './validate';

export const TRAEFIK_AUTH_MIDDLEWARE = 'gatehouse';
export const TRAEFIK_STRIP_MIDDLEWARE = 'gatehouse-strip';
/** forwardAuth for Paperless hosts: also takes Gatehouse's `Authorization: Token <real>`. */
export const TRAEFIK_PAPERLESS_AUTH_MIDDLEWARE = 'gatehouse-paperless';
/** Removes a client's X-Paperless-Authorization (only Gatehouse speaks for the real token). */
export const TRAEFIK_PAPERLESS_STRIP_MIDDLEWARE = 'gatehouse-paperless-strip';
/** The probes: no Authorization, no Cookie. */
export const TRAEFIK_PAPERLESS_ANONYMOUS_MIDDLEWARE = 'gatehouse-paperless-anonymous';
/**
 * Answers 403 to everyone (an allow list no client address can be on): Traefik has no middleware
 * that answers a fixed status itself, and ipAllowList's rejectStatusCode (which could make it a
 * 404) is too recent for every Traefik 3 release.
 */
export const TRAEFIK_DENY_MIDDLEWARE = 'gatehouse-deny';
/** Above the default priority (the rule's length) of any Host-only router. */
export const TRAEFIK_PAPERLESS_BLOCKED_PRIORITY = 20000;
/**
 * Gatehouse's verify paths (its own and Authelia's) on the portal's host: for the proxy only
 * (forwardAuth reaches them at Gatehouse's upstream address), never for a client, to whom verify
 * would hand what it tells the proxy. Traefik sanitises the path before routing (dot segments and
 * `//` removed; recent releases also decode %76-style escapes); the spellings that still differ
 * (`/API/verify`, `/api/verify/`, `/api\verify`) are not Gatehouse's verify endpoint (its pages
 * answer 404 or redirect them). /api/metrics is closed the same way: it is scraped at
 * Gatehouse's own address, never through the public portal. PathPrefix reads the same in
 * Traefik 2 and 3.
 */
export const TRAEFIK_PORTAL_CLOSED_RULE = '(PathPrefix(`/api/verify`) || PathPrefix(`/api/authz`) || PathPrefix(`/api/metrics`))';
export const TRAEFIK_PORTAL_CLOSED_PRIORITY = 20000;
export const TRAEFIK_PAPERLESS_PROBE_PRIORITY = 10000;

/**
 * A path separator as Traefik may route on it (newer releases may keep `%2F` encoded in the
 * routing path). Dot segments need no rule here: Traefik sanitises the path before routing.
 */
const SEP = '(/|%2f)';
/**
 * Always blocked on a Paperless host (case-insensitive): the Django admin ("admin/" anywhere,
 * because Paperless routes it with an unanchored Django re_path), allauth password and app
 * logins, /api/token without its slash, and generate_auth_token (it rotates the one real token).
 */
export const TRAEFIK_PAPERLESS_BLOCKED_PATHS = `(?i)(admin${SEP}|${SEP}admin$|^/api${SEP}auth${SEP}(headless|login)(${SEP}|$)|^/api${SEP}token$|^/api${SEP}profile${SEP}generate_auth_token(${SEP}|$))`;
/** The probe paths, blocked for every method but GET and HEAD (POST /api/token/ hands out the real token). */
export const TRAEFIK_PAPERLESS_PROBE_PATHS = `(?i)^/api${SEP}((schema${SEP}view|token)${SEP})?$`;
const PORTAL = 'gatehouse';
const CERT_RESOLVER = 'letsencrypt';

type TRouter = {
  rule: string;
  entryPoints: string[];
  middlewares: string[];
  service: string;
  priority?: number;
  tls?: { certResolver?: string };
};

type TMiddleware =
  | { forwardAuth: { address: string; trustForwardHeader: boolean; authResponseHeaders: string[] } }
  | { headers: { customRequestHeaders: Record<string, string> } }
  | { ipAllowList: { sourceRange: string[] } };

/** `base`, or `base-2`, `base-3`…: unique among `taken`. */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** `paperless.example.com` → `app-paperless-example-com`, unique among `taken`. */
function routerName(host: string, taken: Set<string>): string {
  return unique(`app-${host.replace(/\./g, '-')}`, taken);
}

/** A site's entry point: `web` (http, 80), `websecure` (https, 443), else `web-8080` / `websecure-8443`. */
export function traefikEntryPoint(site: TSite): string {
  const base = site.scheme === 'https' ? 'websecure' : 'web';
  return site.port === (site.scheme === 'https' ? 443 : 80) ? base : `${base}-${site.port}`;
}

/** The entry points the sites need, as the static configuration declares them (`name: ":port"`). */
export function traefikEntryPoints(config: TProxyConfig): { name: string; address: string }[] {
  const points = new Map<string, string>();
  for (const site of [config.portal, ...config.apps]) points.set(traefikEntryPoint(site), `:${site.port}`);
  return [...points].map(([name, address]) => ({ name, address }));
}

type TServices = Record<string, { loadBalancer: { servers: { url: string }[] } }>;

function routerFor(config: TProxyConfig, site: TSite) {
  // `automatic`: a certificate resolver from the static configuration; `files`: certificates
  // listed under tls.certificates of the file provider (an empty tls block selects them).
  const tls = site.scheme !== 'https' ? undefined : config.tls === 'automatic' ? { certResolver: CERT_RESOLVER } : {};
  return (middlewares: string[], service: string, rule = `Host(\`${site.host}\`)`): TRouter => ({
    rule,
    entryPoints: [traefikEntryPoint(site)],
    middlewares,
    service,
    ...(tls ? { tls } : {}),
  });
}

/** One app's routers and service (`taken`: the names already used, updated). */
export function traefikAppRouters(config: TProxyConfig, app: TProxyConfig['apps'][number], taken: Set<string>) {
  const router = routerFor(config, app);
  const routers: Record<string, TRouter> = {};
  const name = routerName(app.host, taken);
  const services: TServices = { [name]: { loadBalancer: { servers: [{ url: app.upstream.origin }] } } };
  if (!app.paperless) {
    // Order matters: strip what the client sent, then ask Gatehouse.
    routers[name] = router([TRAEFIK_STRIP_MIDDLEWARE, TRAEFIK_AUTH_MIDDLEWARE], name);
    return { routers, services };
  }
  routers[name] = router([TRAEFIK_STRIP_MIDDLEWARE, TRAEFIK_PAPERLESS_STRIP_MIDDLEWARE, TRAEFIK_PAPERLESS_AUTH_MIDDLEWARE], name);
  const host = `Host(\`${app.host}\`)`;
  const getOrHead = '(Method(`GET`) || Method(`HEAD`))';
  // Paperless: the blocked paths answer 403 and the apps' probes skip Gatehouse; both routers
  // outrank the host's main router, which asks Gatehouse (and swaps the device token).
  routers[unique(`${name}-blocked`, taken)] = {
    ...router(
      [TRAEFIK_STRIP_MIDDLEWARE, TRAEFIK_DENY_MIDDLEWARE],
      name,
      `${host} && (PathRegexp(\`${TRAEFIK_PAPERLESS_BLOCKED_PATHS}\`) || (PathRegexp(\`${TRAEFIK_PAPERLESS_PROBE_PATHS}\`) && !Method(\`GET\`) && !Method(\`HEAD\`)))`,
    ),
    priority: TRAEFIK_PAPERLESS_BLOCKED_PRIORITY,
  };
  routers[unique(`${name}-probe`, taken)] = {
    ...router(
      [TRAEFIK_STRIP_MIDDLEWARE, TRAEFIK_PAPERLESS_ANONYMOUS_MIDDLEWARE],
      name,
      `${host} && ${getOrHead} && (${PAPERLESS_PROBE_PATHS.map((p) => `Path(\`${p}\`)`).join(' || ')})`,
    ),
    priority: TRAEFIK_PAPERLESS_PROBE_PRIORITY,
  };
  return { routers, services };
}

const PORTAL_NAMES = [PORTAL, `${PORTAL}-closed`];

/** App `index`'s routers and service alone, as YAML (router names as in the whole file). */
export function renderTraefikAppPart(config: TProxyConfig, index: number): string {
  const taken = new Set(PORTAL_NAMES);
  let part = { routers: {}, services: {} } as ReturnType<typeof traefikAppRouters>;
  for (const [i, app] of config.apps.entries()) {
    const routers = traefikAppRouters(config, app, taken);
    if (i === index) part = routers;
  }
  const app = config.apps[index];
  const doc = new Document({ http: part }, { aliasDuplicateObjects: false });
  doc.commentBefore = app
    ? ` Add under http: in the dynamic configuration beside Gatehouse's middlewares. Entry point "${traefikEntryPoint(app)}" (":${app.port}").`
    : null;
  return doc.toString({ lineWidth: 0 });
}

/** Renders the YAML from an already validated config. */
export function renderTraefikDynamicConfig(config: TProxyConfig): string {
  const portalRouter = routerFor(config, config.portal);
  const routers: Record<string, TRouter> = {
    [PORTAL]: portalRouter([TRAEFIK_STRIP_MIDDLEWARE], PORTAL),
    [`${PORTAL}-closed`]: {
      ...portalRouter([TRAEFIK_STRIP_MIDDLEWARE, TRAEFIK_DENY_MIDDLEWARE], PORTAL, `Host(\`${config.portal.host}\`) && ${TRAEFIK_PORTAL_CLOSED_RULE}`),
      priority: TRAEFIK_PORTAL_CLOSED_PRIORITY,
    },
  };
  const services: TServices = { [PORTAL]: { loadBalancer: { servers: [{ url: config.gatehouse.origin }] } } };
  const taken = new Set(PORTAL_NAMES);
  for (const app of config.apps) {
    const part = traefikAppRouters(config, app, taken);
    Object.assign(routers, part.routers);
    Object.assign(services, part.services);
  }
  const https = [config.portal, ...config.apps].some((site) => site.scheme === 'https');
  const paperless = config.apps.some((app) => app.paperless);
  const forwardAuthAddress = `${config.gatehouse.origin}/api/verify/forward-auth`;
  const middlewares: Record<string, TMiddleware> = {
    [TRAEFIK_AUTH_MIDDLEWARE]: {
      forwardAuth: {
        address: forwardAuthAddress,
        // The entry point already replaced X-Forwarded-* from untrusted clients with its own
        // values (forwardedHeaders.trustedIPs), so forwarding them to Gatehouse is safe.
        trustForwardHeader: true,
        // Traefik deletes each of these from the request and copies Gatehouse's value when there
        // is one: the app gets Gatehouse's Remote-* only, and the Cookie Gatehouse hands back (the
        // client's cookies minus the session cookie; none when the client sent none).
        authResponseHeaders: [...IDENTITY_HEADERS, 'Cookie'],
      },
    },
    [TRAEFIK_STRIP_MIDDLEWARE]: {
      headers: {
        // An empty value removes the header from the request.
        customRequestHeaders: Object.fromEntries(STRIPPED_REQUEST_HEADERS.map((h) => [h, ''])),
      },
    },
    // 255.255.255.255 is never a client's address: every request gets ipAllowList's 403.
    [TRAEFIK_DENY_MIDDLEWARE]: { ipAllowList: { sourceRange: ['255.255.255.255/32'] } },
  };
  if (paperless) {
    // Traefik deletes every authResponseHeaders header from the request and copies Gatehouse's
    // value when there is one: a device token becomes Gatehouse's "Authorization: Token <real>",
    // a browser's request (signed in by cookie) reaches Paperless without any Authorization.
    middlewares[TRAEFIK_PAPERLESS_AUTH_MIDDLEWARE] = {
      forwardAuth: { address: forwardAuthAddress, trustForwardHeader: true, authResponseHeaders: [...IDENTITY_HEADERS, 'Authorization', 'Cookie'] },
    };
    middlewares[TRAEFIK_PAPERLESS_STRIP_MIDDLEWARE] = { headers: { customRequestHeaders: { [PAPERLESS_AUTHORIZATION_HEADER]: '' } } };
    middlewares[TRAEFIK_PAPERLESS_ANONYMOUS_MIDDLEWARE] = {
      headers: { customRequestHeaders: { Authorization: '', Cookie: '', [PAPERLESS_AUTHORIZATION_HEADER]: '' } },
    };
  }

  const doc = new Document({ http: { middlewares, routers, services } }, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ' Gatehouse: the sign-in portal and the apps it protects (Traefik forwardAuth).',
    ' Dynamic configuration for the file provider (providers.file.filename in the static configuration).',
    ' The static configuration must declare these entry points (rename them to yours):',
    ...traefikEntryPoints(config).map((point) => `   entryPoints.${point.name}.address: "${point.address}"`),
    ...(https ? [` https routers use the certificate resolver "${CERT_RESOLVER}" (tls.certResolver): it must exist there too.`] : []),
    ' Every router runs gatehouse-strip first, so a client can never send its own Remote-User.',
    " The gatehouse-closed router answers 403 for Gatehouse's verify paths and /api/metrics on the portal host:",
    " only Traefik calls verify, and a scraper metrics, at Gatehouse's own address. Apps get the client's cookies",
    " without Gatehouse's session cookie.",
    ...(paperless
      ? [
          ' Paperless-ngx hosts: a -blocked router (403 for the Django admin, /api/token POST, allauth logins), a -probe',
          ' router (GET /api/, /api/schema/view/, /api/token/ without Gatehouse and without credentials) and the main',
          ' router, whose forwardAuth also replaces Authorization with the real Paperless token Gatehouse gives for a',
          ' device token. Their rules use Traefik v3 syntax (PathRegexp).',
        ]
      : []),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Traefik file-provider dynamic configuration as YAML. Throws ProxyConfigError on bad input. */
export function traefikDynamicConfig(input: TProxyConfigInput): string {
  return renderTraefikDynamicConfig(validateProxyConfigInput(input));
}
