/**
 * A small client for the parts of Paperless-ngx's REST API that Gatehouse uses (users, groups,
 * tokens, the profile), written from docs/paperless-facts.md. Every answer is checked
 * with zod before it is trusted; every failure becomes a PaperlessError whose message an admin
 * can act on, and which never contains a token or password.
 *
 * Requests send `Accept: application/json; version=9`: Paperless 2.x accepts versions up to 9
 * and 3.x accepts 9 and 10, so one version works with both.
 */
import { z } from 'zod';

export const PAPERLESS_API_VERSION = '9';
const DEFAULT_TIMEOUT_MS = 10_000;

export type PaperlessErrorKind = 'unreachable' | 'timeout' | 'http' | 'throttled' | 'bad-response' | 'mfa' | 'credentials';

export class PaperlessError extends Error {
  constructor(
    readonly kind: PaperlessErrorKind,
    message: string,
    readonly status?: number,
    /** Seconds Paperless asked us to wait (429 Retry-After). */
    readonly retryAfterSeconds?: number,
    /** Paperless's own reason (DRF `detail` or first field error), when it gave one. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PaperlessError';
  }
}

export type PaperlessAuth = { token: string } | { remoteUser: string; header?: string } | { basic: { username: string; password: string } } | null;

export type PaperlessClientOptions = {
  baseUrl: string;
  auth: PaperlessAuth;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type PaperlessResponse<T> = { status: number; data: T; headers: Headers };

export const paperlessUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string().optional().default(''),
  first_name: z.string().optional().default(''),
  last_name: z.string().optional().default(''),
  is_active: z.boolean(),
  is_superuser: z.boolean().optional().default(false),
  is_staff: z.boolean().optional().default(false),
  groups: z.array(z.number().int()).default([]),
  user_permissions: z.array(z.string()).optional().default([]),
  inherited_permissions: z.array(z.string()).optional().default([]),
  is_mfa_enabled: z.boolean().optional().default(false),
});
export type PaperlessUser = z.infer<typeof paperlessUserSchema>;

export const paperlessGroupSchema = z.object({ id: z.number().int(), name: z.string(), permissions: z.array(z.string()).default([]) });
export type PaperlessGroup = z.infer<typeof paperlessGroupSchema>;

const page = <T extends z.ZodTypeAny>(item: T) => z.object({ count: z.number().int(), next: z.string().nullable(), results: z.array(item) });

const uiSettingsSchema = z.object({
  user: z.object({ id: z.number().int(), username: z.string(), is_superuser: z.boolean().optional().default(false) }),
  permissions: z.array(z.string()).default([]),
});
const profileSchema = z.object({ auth_token: z.string().nullable(), is_mfa_enabled: z.boolean().optional().default(false) });
const tokenSchema = z.object({ token: z.string() });
/** Paperless's own key shape: 40 lower-case hex characters (DRF secrets.token_hex(20)). */
export const REAL_TOKEN_PATTERN = /^[0-9a-f]{40}$/;

function authHeaders(auth: PaperlessAuth): Record<string, string> {
  if (!auth) return {};
  if ('token' in auth) return { Authorization: `Token ${auth.token}` };
  if ('basic' in auth) return { Authorization: `Basic ${Buffer.from(`${auth.basic.username}:${auth.basic.password}`, 'utf8').toString('base64')}` };
  return { [auth.header ?? 'Remote-User']: auth.remoteUser };
}

/** `text` as a sentence: a final period only when it does not already end in one (or in ? or !). */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The `detail` or first field error of a DRF error body, for messages. Never echoes a whole body. */
export function drfMessage(body: unknown): string | null {
  if (typeof body === 'string') return body.slice(0, 200) || null;
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string') return record.detail;
  for (const value of Object.values(record)) {
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return null;
}

export function createPaperlessClient(options: PaperlessClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call<T>(method: string, path: string, schema: z.ZodType<T>, init: { json?: unknown; expect?: number[] } = {}): Promise<PaperlessResponse<T>> {
    const headers: Record<string, string> = { Accept: `application/json; version=${PAPERLESS_API_VERSION}`, ...authHeaders(options.auth) };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new PaperlessError('timeout', `Paperless did not answer within ${Math.round(timeoutMs / 1000)} s (${base}).`);
      throw new PaperlessError('unreachable', endSentence(`Paperless cannot be reached at ${base}: ${describeNetworkError(error)}`));
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new PaperlessError('bad-response', `Paperless answered ${method} ${path} with unreadable JSON.`, response.status);
      }
    }
    const expected = init.expect ?? [200];
    if (!expected.includes(response.status)) {
      if (response.status === 429) {
        const retry = Number(response.headers.get('retry-after'));
        throw new PaperlessError(
          'throttled',
          'Paperless is limiting requests (429); Gatehouse will try again shortly.',
          429,
          Number.isFinite(retry) && retry >= 0 ? retry : undefined,
        );
      }
      const detail = drfMessage(body);
      throw new PaperlessError(
        'http',
        endSentence(`Paperless answered ${method} ${path} with ${response.status}${detail ? `: ${detail}` : ''}`),
        response.status,
        undefined,
        detail ?? undefined,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new PaperlessError('bad-response', `Paperless answered ${method} ${path} in an unexpected shape: is this Paperless-ngx?`, response.status);
    return { status: response.status, data: parsed.data, headers: response.headers };
  }

  return {
    baseUrl: base,
    /** The signed-in account's UI settings: who it is, whether it is a superuser, its permissions. Needs view_uisettings (or superuser). */
    uiSettings: () => call('GET', '/api/ui_settings/', uiSettingsSchema),
    findUserByUsername: async (username: string): Promise<PaperlessUser | null> => {
      const result = await call('GET', `/api/users/?username__iexact=${encodeURIComponent(username)}&page_size=2`, page(paperlessUserSchema));
      const exact = result.data.results.filter((u) => u.username.toLowerCase() === username.toLowerCase());
      return exact[0] ?? null;
    },
    getUser: async (id: number) => (await call('GET', `/api/users/${id}/`, paperlessUserSchema)).data,
    /** Created without a password: the account can only be used through Gatehouse. */
    createUser: async (input: { username: string; email: string; first_name: string; last_name: string; groups: number[] }) =>
      (await call('POST', '/api/users/', paperlessUserSchema, { json: { ...input, is_active: true }, expect: [201] })).data,
    updateUser: async (id: number, patch: { groups?: number[]; is_active?: boolean; password?: string; email?: string }) =>
      (await call('PATCH', `/api/users/${id}/`, paperlessUserSchema, { json: patch })).data,
    listGroups: async (): Promise<PaperlessGroup[]> =>
      (await call('GET', '/api/groups/?page_size=1000&ordering=name', page(paperlessGroupSchema))).data.results,
    listUsersProbe: () => call('GET', '/api/users/?page_size=1', page(paperlessUserSchema)),
    /** POST /api/token/: get-or-create, never rotates. Throttled by Paperless (5/min by default). */
    obtainToken: async (username: string, password: string) => {
      try {
        return (await call('POST', '/api/token/', tokenSchema, { json: { username, password } })).data.token;
      } catch (error) {
        if (error instanceof PaperlessError && error.status === 400) {
          if (/MFA code is required|Invalid MFA code/.test(error.message)) {
            throw new PaperlessError('mfa', "This Paperless account has Paperless's own two-factor authentication turned on.", 400);
          }
          throw new PaperlessError('credentials', 'Paperless refused the sign-in Gatehouse prepared for this account.', 400);
        }
        throw error;
      }
    },
    profile: async () => (await call('GET', '/api/profile/', profileSchema)).data,
    /** Rotates the token of the account this client is authenticated as; answers the new key. */
    generateToken: async () => (await call('POST', '/api/profile/generate_auth_token/', z.string())).data,
  };
}

export type PaperlessClient = ReturnType<typeof createPaperlessClient>;

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'unknown host name';
  if (cause?.code === 'ECONNRESET') return 'the connection was reset';
  if (cause?.code) return cause.code;
  return (error as Error).message || 'network error';
}
