/**
 * The shape of the hostile corpus and the small helpers its data files are written with.
 *
 * A case is one HTTP request to the built Gatehouse server and what must come back. Values
 * that exist only once the server is seeded (session cookies, device tokens, one-time links,
 * server-action ids, the port) are written as `{{name}}` and filled in by the runner (see
 * world.ts for the names). Every case is also held to the corpus-wide rule: never a 5xx.
 */

export type Area = 'verify-targets' | 'forwarded-headers' | 'return-urls' | 'tokens' | 'cookies' | 'one-time-links' | 'form-bodies' | 'server-actions';

export type HostileRequest = {
  method?: string;
  /** The request target exactly as sent (origin form, absolute form, raw bytes as latin1). */
  target: string;
  /** In order, duplicates allowed. A Host header is added (`auth.example.test:{{port}}`) unless one is given. */
  headers?: [string, string][];
  body?: string | Buffer;
  /** `trusted` connects from 127.0.0.1 (GATEHOUSE_TRUSTED_PROXIES); `untrusted` from another loopback address. */
  peer?: 'trusted' | 'untrusted';
  /** `fresh`: a second server with an empty database (no admin yet: setup links). */
  server?: 'main' | 'fresh';
};

export type HeaderExpectation = { equals?: string; includes?: string[]; excludes?: string[]; maxLength?: number; matches?: RegExp };

export type Expectation = {
  status?: number;
  statusIn?: number[];
  notStatus?: number[];
  bodyIncludes?: string[];
  bodyExcludes?: string[];
  /** Header present and matching (names in lower case). */
  headers?: Record<string, HeaderExpectation>;
  headerAbsent?: string[];
  /** No Set-Cookie hands out a session cookie with a value. */
  noSession?: true;
  /** The answer expires these session cookies: `domain` (Domain=example.test) and/or `host` (host-only). */
  expiresSessionCookies?: ('domain' | 'host')[];
  /**
   * Where the answer sends the browser (Location, or a server action's x-action-redirect):
   * `to` exactly; `withinAllowedHosts`: the portal, example.test or under it, other.test or
   * under it, as a strict DNS name, never another host. `optional`: no redirect is fine too.
   */
  redirect?: { to?: string; withinAllowedHosts?: true; optional?: true };
  /** A clear refusal: a 4xx, or a form state / call result that says error. */
  refusal?: true;
};

export type HostileCase = { name: string; request: HostileRequest; expect: Expectation };

export type CorpusArea = { area: Area; title: string; cases: HostileCase[] };

// ── Request helpers ─────────────────────────────────────────────────────────────────────────────

/** A browser's Accept unless the case sends its own. */
const withAccept = (headers: [string, string][]): [string, string][] =>
  headers.some(([name]) => name.toLowerCase() === 'accept') ? headers : [['Accept', 'text/html'], ...headers];

/** nginx's auth_request subrequest: the target in X-Original-URL (+ method). */
export function authRequest(
  url: string,
  options: { method?: string; headers?: [string, string][]; path?: string; peer?: 'trusted' | 'untrusted' } = {},
): HostileRequest {
  const headers: [string, string][] = [['X-Original-URL', url]];
  if (options.method !== undefined) headers.push(['X-Original-Method', options.method]);
  return { target: options.path ?? '/api/verify', headers: [...headers, ...withAccept(options.headers ?? [])], peer: options.peer ?? 'trusted' };
}

/** Caddy/Traefik's forward_auth: the target in X-Forwarded-Proto/-Host/-Uri (+ method). */
export function forwardAuth(
  target: { proto?: string; host?: string; uri?: string; method?: string },
  options: { headers?: [string, string][]; path?: string; peer?: 'trusted' | 'untrusted' } = {},
): HostileRequest {
  const headers: [string, string][] = [];
  if (target.proto !== undefined) headers.push(['X-Forwarded-Proto', target.proto]);
  if (target.host !== undefined) headers.push(['X-Forwarded-Host', target.host]);
  if (target.uri !== undefined) headers.push(['X-Forwarded-Uri', target.uri]);
  if (target.method !== undefined) headers.push(['X-Forwarded-Method', target.method]);
  return { target: options.path ?? '/api/verify/forward-auth', headers: [...headers, ...withAccept(options.headers ?? [])], peer: options.peer ?? 'trusted' };
}

/** A multipart body with its fields in the given order (an object would put "0" first). */
export function multipart(
  fields: [string, string | { filename: string; type: string; data: string }][],
  boundary = '----gatehouse-corpus',
): { contentType: string; body: Buffer } {
  const parts = fields.map(([name, value]) =>
    typeof value === 'string'
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n${value.data}\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8') };
}

/**
 * A `(previousState, formData)` server action called the way React's client does: fields as
 * `_1_<name>`, then part `0`, the argument list. `action` is the exported name ({{action.…}}).
 */
export function formAction(
  page: string,
  action: string,
  fields: [string, string][],
  options: { cookie?: string; origin?: string | null; extraHeaders?: [string, string][] } = {},
): HostileRequest {
  const { contentType, body } = multipart([
    ...fields.map(([name, value]) => [`_1_${name}`, value] as [string, string]),
    ['0', JSON.stringify([{ status: 'idle' }, '$K1'])],
  ]);
  return actionPost(page, action, contentType, body, options);
}

/** Any body POSTed to a server action (fetch style: Next-Action header). */
export function actionPost(
  page: string,
  action: string,
  contentType: string | null,
  body: string | Buffer,
  options: { cookie?: string; origin?: string | null; extraHeaders?: [string, string][] } = {},
): HostileRequest {
  const headers: [string, string][] = [
    ['Next-Action', `{{action.${action}}}`],
    ['Accept', 'text/x-component'],
  ];
  if (contentType !== null) headers.push(['Content-Type', contentType]);
  const origin = options.origin === undefined ? '{{portal}}' : options.origin;
  if (origin !== null) headers.push(['Origin', origin]);
  if (options.cookie) headers.push(['Cookie', `gatehouse_session=${options.cookie}`]);
  return { method: 'POST', target: page, headers: [...headers, ...(options.extraHeaders ?? [])], body, peer: 'untrusted' };
}

/** A browser's GET of a portal page, optionally with a session cookie. */
export function page(target: string, options: { cookie?: string; headers?: [string, string][]; server?: 'main' | 'fresh' } = {}): HostileRequest {
  const headers: [string, string][] = [['Accept', 'text/html']];
  if (options.cookie) headers.push(['Cookie', `gatehouse_session=${options.cookie}`]);
  return { target, headers: [...headers, ...(options.headers ?? [])], peer: 'untrusted', ...(options.server ? { server: options.server } : {}) };
}

// ── Common expectations ────────────────────────────────────────────────────────────────────────

/** A refused target on the auth-request flavour: 403 for nginx, with the real answer in X-Gatehouse-Status. */
export const REFUSED_AUTH_REQUEST: Expectation = { status: 403, headers: { 'x-gatehouse-status': { equals: '400' } } };
/** A refused target on the forward-auth flavour. */
export const REFUSED_FORWARD_AUTH: Expectation = { status: 400 };
/** Paperless's own answer to a bad token, never a fall-through to the cookie. */
export const INVALID_TOKEN: Expectation = {
  status: 401,
  bodyIncludes: ['{"detail":"Invalid token."}'],
  headers: { 'www-authenticate': { equals: 'Token' } },
  headerAbsent: ['remote-user', 'x-paperless-authorization'],
};

/** Long or binary values are shortened when a case is printed. */
export function describeRequest(request: HostileRequest): string {
  const cut = (text: string, max = 240) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
  const lines = [
    `${request.method ?? 'GET'} ${cut(JSON.stringify(request.target).slice(1, -1))}${request.server === 'fresh' ? '  [fresh server]' : ''}  [peer: ${request.peer ?? 'untrusted'}]`,
  ];
  for (const [name, value] of request.headers ?? []) lines.push(`  ${name}: ${cut(JSON.stringify(value).slice(1, -1))}`);
  if (request.body !== undefined) {
    const text = typeof request.body === 'string' ? request.body : request.body.toString('latin1');
    lines.push(`  body: ${cut(JSON.stringify(text).slice(1, -1), 400)}`);
  }
  return lines.join('\n');
}
