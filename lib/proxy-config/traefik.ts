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
import { IDENTITY_HEADERS, STRIPPED_REQUEST_HEADERS, type TProxyConfig, type TProxyConfigInput } from './types';
import { validateProxyConfigInput } from './validate';

export const TRAEFIK_AUTH_MIDDLEWARE = 'gatehouse';
export const TRAEFIK_STRIP_MIDDLEWARE = 'gatehouse-strip';
const PORTAL = 'gatehouse';
const CERT_RESOLVER = 'letsencrypt';

type TRouter = {
  rule: string;
  entryPoints: string[];
  middlewares: string[];
  service: string;
  tls?: { certResolver?: string };
};

/** `paperless.example.com` → `app-paperless-example-com`, unique among `taken`. */
function routerName(host: string, taken: Set<string>): string {
  const base = `app-${host.replace(/\./g, '-')}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** Renders the YAML from an already validated config. */
export function renderTraefikDynamicConfig(config: TProxyConfig): string {
  const https = config.listen.scheme === 'https';
  const entryPoints = [https ? 'websecure' : 'web'];
  // `automatic`: a certificate resolver from the static configuration; `files`: certificates
  // listed under tls.certificates of the file provider (an empty tls block selects them).
  const tls = !https ? undefined : config.tls === 'automatic' ? { certResolver: CERT_RESOLVER } : {};
  const router = (host: string, middlewares: string[], service: string): TRouter => ({
    rule: `Host(\`${host}\`)`,
    entryPoints,
    middlewares,
    service,
    ...(tls ? { tls } : {}),
  });

  const routers: Record<string, TRouter> = {
    [PORTAL]: router(config.portal.host, [TRAEFIK_STRIP_MIDDLEWARE], PORTAL),
  };
  const services: Record<string, { loadBalancer: { servers: { url: string }[] } }> = {
    [PORTAL]: { loadBalancer: { servers: [{ url: config.gatehouse.origin }] } },
  };
  const taken = new Set([PORTAL]);
  for (const app of config.apps) {
    const name = routerName(app.host, taken);
    // Order matters: strip what the client sent, then ask Gatehouse.
    routers[name] = router(app.host, [TRAEFIK_STRIP_MIDDLEWARE, TRAEFIK_AUTH_MIDDLEWARE], name);
    services[name] = { loadBalancer: { servers: [{ url: app.upstream.origin }] } };
  }

  const doc = new Document({
    http: {
      middlewares: {
        [TRAEFIK_AUTH_MIDDLEWARE]: {
          forwardAuth: {
            address: `${config.gatehouse.origin}/api/verify/forward-auth`,
            // The entry point already replaced X-Forwarded-* from untrusted clients with its own
            // values (forwardedHeaders.trustedIPs), so forwarding them to Gatehouse is safe.
            trustForwardHeader: true,
            authResponseHeaders: [...IDENTITY_HEADERS],
          },
        },
        [TRAEFIK_STRIP_MIDDLEWARE]: {
          headers: {
            // An empty value removes the header from the request.
            customRequestHeaders: Object.fromEntries(STRIPPED_REQUEST_HEADERS.map((h) => [h, ''])),
          },
        },
      },
      routers,
      services,
    },
  }, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ' Gatehouse: the sign-in portal and the apps it protects (Traefik forwardAuth).',
    ' Dynamic configuration for the file provider (providers.file.filename in the static configuration).',
    https
      ? ` Entry point "websecure" and certificate resolver "${CERT_RESOLVER}" must exist in the static configuration: rename them to yours.`
      : ' Entry point "web" must exist in the static configuration.',
    ' Every router runs gatehouse-strip first, so a client can never send its own Remote-User.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Traefik file-provider dynamic configuration as YAML. Throws ProxyConfigError on bad input. */
export function traefikDynamicConfig(input: TProxyConfigInput): string {
  return renderTraefikDynamicConfig(validateProxyConfigInput(input));
}
