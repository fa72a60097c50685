// biome-ignore-all lint/suspicious/noExplicitAny: the strict-schema cases poke arbitrary paths of a parsed YAML document; a type for it would restate the schema under test
/**
 * Traefik cannot run here, so its input is checked against a strict schema of the parts of
 * the dynamic configuration Gatehouse generates. Written from Traefik's reference:
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/middlewares/forwardauth/
 *   (traefik/traefik docs/content/reference/routing-configuration/http/middlewares/forwardauth.md)
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/middlewares/headers/
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/middlewares/ipallowlist/
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/routing/rules-and-priority/
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/routing/router/
 * - https://doc.traefik.io/traefik/reference/routing-configuration/http/load-balancing/service/
 * and the structs those pages document (traefik/traefik pkg/config/dynamic/middlewares.go:
 * ForwardAuth, ClientTLS, Headers, IPAllowList, IPStrategy; pkg/config/dynamic/http_config.go: Router, RouterTLSConfig,
 * ServersLoadBalancer, Server). Every object is strict: an unknown or misspelt key fails, as
 * it would make Traefik's file provider reject the file.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { z } from 'zod';
import { traefikDynamicConfig } from './traefik';
import { HTTPS_INPUT, PAPERLESS_ALWAYS_BLOCKED_PATHS, PAPERLESS_INPUT, PAPERLESS_NOT_BLOCKED_PATHS } from './test-inputs';
import { IDENTITY_HEADERS, PAPERLESS_PROBE_PATHS, STRIPPED_REQUEST_HEADERS } from './types';

const ZHeaderName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not an HTTP header name');
const ZHttpUrl = z.url({ protocol: /^https?$/ });
const ZName = z
  .string()
  .min(1)
  .refine((name) => !name.includes('@'), 'names must not contain @');

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

const ZIpAllowList = z.strictObject({
  sourceRange: z.array(z.string().regex(/^[0-9a-fA-F.:]+(\/\d{1,3})?$/, 'not an IP range')).min(1),
  ipStrategy: z.strictObject({ depth: z.int().optional(), excludedIPs: z.array(z.string()).optional(), ipv6Subnet: z.int().optional() }).optional(),
  rejectStatusCode: z.int().optional(),
});

// A middleware holds exactly one middleware type. Only the types Gatehouse generates are
// modelled; any other key is rejected rather than waved through.
const ZMiddleware = z
  .strictObject({ forwardAuth: ZForwardAuth.optional(), headers: ZHeaders.optional(), ipAllowList: ZIpAllowList.optional() })
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
  it("produces YAML that matches the strict schema of Traefik's dynamic configuration", () => {
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
        // Cookie too: Traefik deletes the client's and copies Gatehouse's (the client's cookies
        // without the session cookie), so the session cookie never reaches an app.
        authResponseHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Name', 'Remote-Email', 'Cookie'],
      },
    });
  });

  it('defines gatehouse-strip, which removes client-sent identity headers (empty values)', () => {
    const strip = load(traefikDynamicConfig(input)).http.middlewares['gatehouse-strip'];
    const headers = strip?.headers?.customRequestHeaders ?? {};
    expect(headers['Remote-User']).toBe('');
    expect(headers.Remote_User).toBe('');
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
      'gatehouse-closed': {
        rule: 'Host(`auth.example.com`) && (PathPrefix(`/api/verify`) || PathPrefix(`/api/authz`) || PathPrefix(`/api/metrics`))',
        entryPoints: ['websecure'],
        middlewares: ['gatehouse-strip', 'gatehouse-deny'],
        service: 'gatehouse',
        priority: 20000,
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
    expect(http.services.gatehouse?.loadBalancer.servers).toEqual([{ url: 'http://127.0.0.1:9091' }]);
    expect(http.services['app-paperless-example-com']?.loadBalancer.servers).toEqual([{ url: 'http://127.0.0.1:8000' }]);
    expect(http.services['app-wiki-example-com']?.loadBalancer.servers).toEqual([{ url: 'https://10.0.0.7:3443' }]);
  });

  it('every router strips first', () => {
    for (const router of Object.values(load(traefikDynamicConfig(input)).http.routers)) {
      expect(router.middlewares?.[0]).toBe('gatehouse-strip');
    }
  });

  it("closes the verify paths and /api/metrics on the portal's host (403 from an allow list nobody is on), above the portal router", () => {
    const { http } = load(traefikDynamicConfig(input));
    expect(http.middlewares['gatehouse-deny']).toEqual({ ipAllowList: { sourceRange: ['255.255.255.255/32'] } });
    const closed = http.routers['gatehouse-closed']!;
    expect(closed.priority!).toBeGreaterThan(http.routers.gatehouse!.rule.length);
    // Traefik routes on its sanitised path (dot segments and // removed) with PathPrefix, so
    // /api/./verify and //api/verify are caught too; the paths Gatehouse serves verify on all are.
    const prefixes = [...closed.rule.matchAll(/PathPrefix\(`([^`]+)`\)/g)].map((m) => m[1]!);
    for (const path of ['/api/verify', '/api/verify/forward-auth', '/api/authz/auth-request', '/api/authz/forward-auth', '/api/metrics']) {
      expect(
        prefixes.some((p) => path.startsWith(p)),
        path,
      ).toBe(true);
    }
    expect(prefixes.some((p) => '/api/auth/callback/github'.startsWith(p))).toBe(false);
  });

  it('uses the web entry point without TLS for http, and an empty tls block for certificate files', () => {
    const plain = load(traefikDynamicConfig({ ...input, listen: { scheme: 'http', port: 80 } }));
    for (const router of Object.values(plain.http.routers)) {
      expect(router.entryPoints).toEqual(['web']);
      expect(router.tls).toBeUndefined();
    }
    const files = load(traefikDynamicConfig({ ...input, tls: 'files' }));
    expect(files.http.routers.gatehouse?.tls).toEqual({});
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
    expect(Object.keys(http.routers)).toEqual(['gatehouse', 'gatehouse-closed', 'app-a-b-example-com', 'app-a-b-example-com-2']);
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
      ['an allow list without ranges', (c: any) => (c.http.middlewares.x = { ipAllowList: { sourceRange: [] } })],
      ['a misspelt allow list option', (c: any) => (c.http.middlewares.x = { ipAllowList: { sourceRanges: ['10.0.0.0/8'] } })],
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

describe('traefikDynamicConfig for a Paperless-ngx app', () => {
  const config = () => load(traefikDynamicConfig(PAPERLESS_INPUT));
  const main = 'app-paperless-example-com';

  /** Traefik's Go regexps start with (?i) for case-insensitivity; JS takes it as a flag. */
  function goRegexp(rule: string, index: number): RegExp {
    const found = [...rule.matchAll(/PathRegexp\(`([^`]*)`\)/g)][index]![1]!;
    expect(found.startsWith('(?i)')).toBe(true);
    return new RegExp(found.slice(4), 'i');
  }

  it('produces YAML that matches the strict schema, with the Paperless notes in the header comment', () => {
    const yaml = traefikDynamicConfig(PAPERLESS_INPUT);
    expect(() => load(yaml)).not.toThrow();
    expect(parseDocument(yaml).commentBefore).toMatch(/Traefik v3 syntax \(PathRegexp\)/);
    expect(parseDocument(traefikDynamicConfig(input)).commentBefore).not.toMatch(/Paperless/);
  });

  it("adds a forwardAuth that also takes Gatehouse's Authorization, leaving the usual one alone", () => {
    const { http } = config();
    expect(http.middlewares['gatehouse-paperless']).toEqual({
      forwardAuth: {
        address: 'http://127.0.0.1:9091/api/verify/forward-auth',
        trustForwardHeader: true,
        authResponseHeaders: [...IDENTITY_HEADERS, 'Authorization', 'Cookie'],
      },
    });
    expect(http.middlewares.gatehouse).toEqual(load(traefikDynamicConfig(input)).http.middlewares.gatehouse);
    expect(http.middlewares.gatehouse?.forwardAuth?.authResponseHeaders).not.toContain('Authorization');
    // No authRequestHeaders: Traefik sends Gatehouse every request header, Authorization included.
    expect(http.middlewares['gatehouse-paperless']?.forwardAuth?.authRequestHeaders).toBeUndefined();
  });

  it('defines the strip, anonymous and deny middlewares', () => {
    const { http } = config();
    expect(http.middlewares['gatehouse-paperless-strip']).toEqual({ headers: { customRequestHeaders: { 'X-Paperless-Authorization': '' } } });
    expect(http.middlewares['gatehouse-paperless-anonymous']).toEqual({
      headers: { customRequestHeaders: { Authorization: '', Cookie: '', 'X-Paperless-Authorization': '' } },
    });
    expect(http.middlewares['gatehouse-deny']).toEqual({ ipAllowList: { sourceRange: ['255.255.255.255/32'] } });
  });

  it('routes the Paperless host through a blocked, a probe and the main router, all to its service', () => {
    const { http } = config();
    const tls = { certResolver: 'letsencrypt' };
    expect(http.routers[main]).toEqual({
      rule: 'Host(`paperless.example.com`)',
      entryPoints: ['websecure'],
      middlewares: ['gatehouse-strip', 'gatehouse-paperless-strip', 'gatehouse-paperless'],
      service: main,
      tls,
    });
    expect(http.routers[`${main}-probe`]).toEqual({
      rule: 'Host(`paperless.example.com`) && (Method(`GET`) || Method(`HEAD`)) && (Path(`/api/`) || Path(`/api/schema/view/`) || Path(`/api/token/`))',
      entryPoints: ['websecure'],
      middlewares: ['gatehouse-strip', 'gatehouse-paperless-anonymous'],
      service: main,
      priority: 10000,
      tls,
    });
    const blocked = http.routers[`${main}-blocked`];
    expect(blocked).toMatchObject({ entryPoints: ['websecure'], middlewares: ['gatehouse-strip', 'gatehouse-deny'], service: main, priority: 20000, tls });
    expect(blocked?.rule).toMatch(
      /^Host\(`paperless\.example\.com`\) && \(PathRegexp\(`[^`]+`\) \|\| \(PathRegexp\(`[^`]+`\) && !Method\(`GET`\) && !Method\(`HEAD`\)\)\)$/,
    );
    // Both outrank the main router, whose default priority is its rule's length.
    expect(http.routers[main]?.priority).toBeUndefined();
    expect(Math.min(blocked!.priority!, http.routers[`${main}-probe`]!.priority!)).toBeGreaterThan(`Host(\`${'x'.repeat(253)}\`)`.length);
    expect(blocked!.priority!).toBeGreaterThan(http.routers[`${main}-probe`]!.priority!);
  });

  it('blocks exactly the intended paths, %2F-encoded separators included', () => {
    const rule = config().http.routers[`${main}-blocked`]!.rule;
    const always = goRegexp(rule, 0);
    const unlessGet = goRegexp(rule, 1);
    for (const path of PAPERLESS_ALWAYS_BLOCKED_PATHS) expect(always.test(path), path).toBe(true);
    for (const path of ['/admin%2Flogin/', '/api%2Fauth%2Fheadless%2Fapp', '/api%2ftoken']) expect(always.test(path), path).toBe(true);
    for (const path of [...PAPERLESS_NOT_BLOCKED_PATHS, ...PAPERLESS_PROBE_PATHS]) expect(always.test(path), path).toBe(false);
    for (const path of [...PAPERLESS_PROBE_PATHS, '/api%2Ftoken%2F', '/API/TOKEN/']) expect(unlessGet.test(path), path).toBe(true);
    for (const path of ['/api/documents/', '/api/token/x', '/api/schema/', '/x/api/']) expect(unlessGet.test(path), path).toBe(false);
  });

  it('every router strips first; the wiki stays as it was', () => {
    const { http } = config();
    for (const [name, router] of Object.entries(http.routers)) expect(router.middlewares?.[0], name).toBe('gatehouse-strip');
    expect(http.routers['app-wiki-example-com']).toEqual(load(traefikDynamicConfig(input)).http.routers['app-wiki-example-com']);
    expect(Object.keys(load(traefikDynamicConfig(input)).http.middlewares)).toEqual(['gatehouse', 'gatehouse-strip', 'gatehouse-deny']);
  });

  it('keeps router names unique when a host flattens onto a -probe or -blocked name', () => {
    const { http } = load(
      traefikDynamicConfig({
        ...input,
        cookieDomain: undefined,
        apps: [
          { host: 'paperless.example.com', upstream: 'http://127.0.0.1:8000', paperless: true },
          { host: 'paperless.example.com.probe', upstream: 'http://127.0.0.1:8001' },
        ],
      }),
    );
    expect(Object.keys(http.routers)).toEqual(['gatehouse', 'gatehouse-closed', main, `${main}-blocked`, `${main}-probe`, `${main}-probe-2`]);
    expect(http.routers[`${main}-probe-2`]?.rule).toBe('Host(`paperless.example.com.probe`)');
  });
});
