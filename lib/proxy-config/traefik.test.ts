/**
 * Traefik cannot run here, so its input is checked against a strict schema of the parts of
 * the dynamic configuration Gatehouse generates. Written from Traefik's reference:
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/middlewares/forwardauth/
 *   (traefik/traefik docs/content/reference/routing-configuration/http/middlewares/forwardauth.md)
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/middlewares/headers/
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/routing/router/
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/load-balancing/service/
 * and the structs those pages document (traefik/traefik pkg/config/dynamic/middlewares.go:
 * ForwardAuth, ClientTLS, Headers; pkg/config/dynamic/http_config.go: Router, RouterTLSConfig,
 * ServersLoadBalancer, Server). Every object is strict: an unknown or misspelt key fails, as
 * it would make Traefik's file provider reject the file.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { z } from 'zod';
import { traefikDynamicConfig } from './traefik';
import { HTTPS_INPUT } from './test-inputs';
import { STRIPPED_REQUEST_HEADERS } from './types';

const ZHeaderName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not an HTTP header name');
const ZHttpUrl = z.url({ protocol: /^https?$/ });
const ZName = z.string().min(1).refine((name) => !name.includes('@'), 'names must not contain @');

const ZClientTls = z
  .strictObject({
    ca: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    insecureSkipVerify: z.boolean().optional(),
    caOptional: z.boolean().optional(),
  })
  .refine((tls) => Boolean(tls.cert) === Boolean(tls.key), 'tls.cert and tls.key go together');

const ZForwardAuth = z.strictObject({
  address: ZHttpUrl,
  tls: ZClientTls.optional(),
  trustForwardHeader: z.boolean().optional(),
  authResponseHeaders: z.array(ZHeaderName).optional(),
  authResponseHeadersRegex: z.string().optional(),
  authRequestHeaders: z.array(ZHeaderName).optional(),
  addAuthCookiesToResponse: z.array(z.string()).optional(),
  forwardBody: z.boolean().optional(),
  maxBodySize: z.int().optional(),
  maxResponseBodySize: z.int().optional(),
  headerField: z.string().optional(),
  preserveLocationHeader: z.boolean().optional(),
  preserveRequestMethod: z.boolean().optional(),
  authSigninURL: z.string().optional(),
});

const ZHeaders = z.strictObject({
  customRequestHeaders: z.record(ZHeaderName, z.string()).optional(),
  customResponseHeaders: z.record(ZHeaderName, z.string()).optional(),
  accessControlAllowCredentials: z.boolean().optional(),
  accessControlAllowHeaders: z.array(z.string()).optional(),
  accessControlAllowMethods: z.array(z.string()).optional(),
  accessControlAllowOriginList: z.array(z.string()).optional(),
  accessControlAllowOriginListRegex: z.array(z.string()).optional(),
  accessControlExposeHeaders: z.array(z.string()).optional(),
  accessControlMaxAge: z.int().optional(),
  addVaryHeader: z.boolean().optional(),
  allowedHosts: z.array(z.string()).optional(),
  hostsProxyHeaders: z.array(z.string()).optional(),
  sslProxyHeaders: z.record(z.string(), z.string()).optional(),
  stsSeconds: z.int().optional(),
  stsIncludeSubdomains: z.boolean().optional(),
  stsPreload: z.boolean().optional(),
  forceSTSHeader: z.boolean().optional(),
  frameDeny: z.boolean().optional(),
  customFrameOptionsValue: z.string().optional(),
  contentTypeNosniff: z.boolean().optional(),
  browserXssFilter: z.boolean().optional(),
  customBrowserXSSValue: z.string().optional(),
  contentSecurityPolicy: z.string().optional(),
  contentSecurityPolicyReportOnly: z.string().optional(),
  publicKey: z.string().optional(),
  referrerPolicy: z.string().optional(),
  permissionsPolicy: z.string().optional(),
  isDevelopment: z.boolean().optional(),
});

// A middleware holds exactly one middleware type. Only the two types Gatehouse generates are
// modelled; any other key is rejected rather than waved through.
const ZMiddleware = z
  .strictObject({ forwardAuth: ZForwardAuth.optional(), headers: ZHeaders.optional() })
  .refine((m) => Object.keys(m).length === 1, 'a middleware has exactly one type');

const ZRouter = z.strictObject({
  rule: z.string().min(1),
  service: ZName,
  entryPoints: z.array(ZName).optional(),
  middlewares: z.array(ZName).optional(),
  priority: z.int().optional(),
  ruleSyntax: z.string().optional(),
  tls: z
    .strictObject({
      options: z.string().optional(),
      certResolver: z.string().optional(),
      domains: z.array(z.strictObject({ main: z.string(), sans: z.array(z.string()).optional() })).optional(),
    })
    .optional(),
  observability: z
    .strictObject({
      accessLogs: z.boolean().optional(),
      metrics: z.boolean().optional(),
      tracing: z.boolean().optional(),
      traceVerbosity: z.enum(['minimal', 'detailed']).optional(),
    })
    .optional(),
});

// A service holds one type; Gatehouse only generates load balancers.
const ZService = z.strictObject({
  loadBalancer: z.strictObject({
    servers: z.array(z.strictObject({ url: ZHttpUrl, weight: z.int().optional(), preservePath: z.boolean().optional() })).min(1),
    passHostHeader: z.boolean().optional(),
    serversTransport: z.string().optional(),
    responseForwarding: z.strictObject({ flushInterval: z.string().optional() }).optional(),
  }),
});

const ZDynamicConfig = z
  .strictObject({
    http: z.strictObject({
      routers: z.record(ZName, ZRouter),
      services: z.record(ZName, ZService),
      middlewares: z.record(ZName, ZMiddleware),
    }),
  })
  .superRefine(({ http }, ctx) => {
    for (const [name, router] of Object.entries(http.routers)) {
      if (!http.services[router.service]) ctx.addIssue({ code: 'custom', message: `router ${name}: unknown service ${router.service}` });
      for (const m of router.middlewares ?? []) {
        if (!http.middlewares[m]) ctx.addIssue({ code: 'custom', message: `router ${name}: unknown middleware ${m}` });
      }
    }
  });

type TDynamicConfig = z.infer<typeof ZDynamicConfig>;

const input = HTTPS_INPUT;

function load(yaml: string): TDynamicConfig {
  return ZDynamicConfig.parse(parse(yaml));
}

describe('traefikDynamicConfig', () => {
  it('produces YAML that matches the strict schema of Traefik\'s dynamic configuration', () => {
    const yaml = traefikDynamicConfig(input);
    expect(() => load(yaml)).not.toThrow();
    expect(yaml).not.toMatch(/[&*]a\d/); // no YAML anchors/aliases: easier to read and edit
    expect(parseDocument(yaml).commentBefore).toMatch(/file provider/);
  });

  it('defines the forwardAuth middleware against /api/verify/forward-auth', () => {
    const { http } = load(traefikDynamicConfig(input));
    expect(http.middlewares.gatehouse).toEqual({
      forwardAuth: {
        address: 'http://127.0.0.1:9091/api/verify/forward-auth',
        trustForwardHeader: true,
        authResponseHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Name', 'Remote-Email'],
      },
    });
  });

  it('defines gatehouse-strip, which removes client-sent identity headers (empty values)', () => {
    const strip = load(traefikDynamicConfig(input)).http.middlewares['gatehouse-strip'];
    const headers = strip?.headers?.customRequestHeaders ?? {};
    expect(headers['Remote-User']).toBe('');
    expect(headers['Remote_User']).toBe('');
    expect(Object.keys(headers)).toEqual([...STRIPPED_REQUEST_HEADERS]);
    expect(Object.values(headers).every((v) => v === '')).toBe(true);
  });

  it('routes each app through strip then forwardAuth to its own service, and the portal through strip only', () => {
    const { http } = load(traefikDynamicConfig(input));
    expect(http.routers).toEqual({
      gatehouse: {
        rule: 'Host(`auth.example.com`)',
        entryPoints: ['websecure'],
        middlewares: ['gatehouse-strip'],
        service: 'gatehouse',
        tls: { certResolver: 'letsencrypt' },
      },
      'app-paperless-example-com': {
        rule: 'Host(`paperless.example.com`)',
        entryPoints: ['websecure'],
        middlewares: ['gatehouse-strip', 'gatehouse'],
        service: 'app-paperless-example-com',
        tls: { certResolver: 'letsencrypt' },
      },
      'app-wiki-example-com': {
        rule: 'Host(`wiki.example.com`)',
        entryPoints: ['websecure'],
        middlewares: ['gatehouse-strip', 'gatehouse'],
        service: 'app-wiki-example-com',
        tls: { certResolver: 'letsencrypt' },
      },
    });
    expect(http.services['gatehouse']?.loadBalancer.servers).toEqual([{ url: 'http://127.0.0.1:9091' }]);
    expect(http.services['app-paperless-example-com']?.loadBalancer.servers).toEqual([{ url: 'http://127.0.0.1:8000' }]);
    expect(http.services['app-wiki-example-com']?.loadBalancer.servers).toEqual([{ url: 'https://10.0.0.7:3443' }]);
  });

  it('every router strips first', () => {
    for (const router of Object.values(load(traefikDynamicConfig(input)).http.routers)) {
      expect(router.middlewares?.[0]).toBe('gatehouse-strip');
    }
  });

  it('uses the web entry point without TLS for http, and an empty tls block for certificate files', () => {
    const plain = load(traefikDynamicConfig({ ...input, listen: { scheme: 'http', port: 8080 } }));
    for (const router of Object.values(plain.http.routers)) {
      expect(router.entryPoints).toEqual(['web']);
      expect(router.tls).toBeUndefined();
    }
    const files = load(traefikDynamicConfig({ ...input, tls: 'files' }));
    expect(files.http.routers['gatehouse']?.tls).toEqual({});
  });

  it('gives hosts that flatten to the same name distinct routers', () => {
    const { http } = load(
      traefikDynamicConfig({
        ...input,
        apps: [
          { host: 'a.b.example.com', upstream: 'http://127.0.0.1:8001' },
          { host: 'a-b.example.com', upstream: 'http://127.0.0.1:8002' },
        ],
      }),
    );
    expect(Object.keys(http.routers)).toEqual(['gatehouse', 'app-a-b-example-com', 'app-a-b-example-com-2']);
    expect(http.routers['app-a-b-example-com-2']?.rule).toBe('Host(`a-b.example.com`)');
  });

  describe('the schema is strict, so a slip in the generator fails', () => {
    function generated(): Record<string, any> {
      return parse(traefikDynamicConfig(input));
    }
    it.each([
      ['a misspelt forwardAuth option', (c: any) => (c.http.middlewares.gatehouse.forwardAuth.authResponseHeader = ['Remote-User'])],
      ['a misspelt middleware type', (c: any) => (c.http.middlewares.gatehouse = { forwardauth: c.http.middlewares.gatehouse.forwardAuth })],
      ['two types in one middleware', (c: any) => (c.http.middlewares.gatehouse.headers = {})],
      ['an unknown headers option', (c: any) => (c.http.middlewares['gatehouse-strip'].headers.customRequestHeader = {})],
      ['a non-boolean trustForwardHeader', (c: any) => (c.http.middlewares.gatehouse.forwardAuth.trustForwardHeader = 'true')],
      ['a misspelt router key', (c: any) => (c.http.routers.gatehouse.entrypoints = ['websecure'])],
      ['a router without a rule', (c: any) => delete c.http.routers.gatehouse.rule],
      ['a router naming a missing middleware', (c: any) => c.http.routers['app-paperless-example-com'].middlewares.push('nope')],
      ['a router naming a missing service', (c: any) => (c.http.routers.gatehouse.service = 'nope')],
      ['a service without servers', (c: any) => (c.http.services.gatehouse.loadBalancer.servers = [])],
      ['a server URL that is not http(s)', (c: any) => (c.http.services.gatehouse.loadBalancer.servers[0].url = '127.0.0.1:9091')],
      ['an unknown top-level key', (c: any) => (c.tcp = {})],
    ])('rejects %s', (_label, mutate) => {
      const config = generated();
      mutate(config);
      expect(ZDynamicConfig.safeParse(config).success).toBe(false);
    });
  });

  it('throws a readable error for bad input', () => {
    expect(() => traefikDynamicConfig({ ...input, portalUrl: 'https://auth.example.com/login' })).toThrow(/portalUrl must be the bare origin/);
  });
});
