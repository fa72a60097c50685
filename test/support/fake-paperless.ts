/**
 * A fake Paperless-ngx HTTP server for tests: a test double, never shipped.
 *
 * Built from docs/paperless-facts.md (Paperless-ngx 3.0.5 at b0e0e8a3, Django REST
 * framework 3.18, django-allauth 65.16) and, where the facts are silent, from those sources. It
 * answers what the real server answers, byte for byte where it matters (status codes, the `detail`
 * strings, WWW-Authenticate, X-Api-Version/X-Version, pagination links):
 *
 * - DRF's request pipeline for API views, in its order: content negotiation and Accept-header
 *   versioning (9 or 10, default 10; 406 otherwise) → authentication (Remote-User when
 *   `remoteUser: 'api'`, then Basic, then Token; the first authenticator that fails aborts) →
 *   permissions (IsAuthenticated, model codenames, superuser passes) → the `login` throttle on
 *   /api/token/ → the method (405).
 * - /api/token/, /api/profile/ (+ generate_auth_token/, social_account_providers/,
 *   disconnect_social_account/), /api/users/ (+ deactivate_totp/), /api/groups/,
 *   /api/ui_settings/, /api/documents/ (+ download/, preview/, thumb/), /api/schema/ and
 *   /api/schema/view/, the /api/ → schema/view/ redirect, and empty read-only lists for the
 *   other simple router endpoints (tags, correspondents, …).
 * - The Remote-User middleware ('frontend' honours the header outside /api/, 'api' everywhere,
 *   auto-creating users); the SPA catch-all (302 to /accounts/login/?next=… unless logged in by
 *   the header); /admin/… (matched anywhere in the path, as Django's unanchored `admin/` pattern
 *   does) and the allauth login forms with Django's CSRF check; a minimal allauth headless "app"
 *   login (/api/auth/headless/app/v1/…) that hands out the DRF token as meta.access_token.
 *
 * Not modelled: Django sessions (nothing logs a browser in except the Remote-User header),
 * the browsable API (JSON is rendered even when text/html wins negotiation), full-text search
 * and document writes. Real Paperless routes that the fake does not model answer
 * `501 {"detail":"Not modelled by the fake Paperless: …"}` so a test notices at once; paths
 * Paperless itself does not route fall into its SPA catch-all, as in the real server (so an
 * unknown /api/… path is a 302 to the login page, not a 404).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  BROWSABLE_RENDERER,
  DJANGO_500_HTML,
  DrfError,
  EMPTY,
  JSON_RENDERER,
  PERMISSIONS,
  ServerError,
  csrfFailure,
  dataGet,
  dataHas,
  detail,
  drfBool,
  headerMaps,
  isKnownCodename,
  isPlainObject,
  isValidUsername,
  latin1ToUtf8,
  metaKey,
  negotiate,
  newCsrfSecret,
  parseCookies,
  parseMediaType,
  parseMultipart,
  pythonB64decode,
  pythonInt,
  pythonIsoformat,
  pythonQuote,
  pythonTypeName,
  qualified,
  renderJson,
  replaceQueryParam,
  runField,
  selectParser,
  sortCodenames,
  splitAuthorization,
  validatePassword,
  type FieldSpec,
  type Renderer,
  type RequestData,
} from './fake-paperless-drf';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export type FakePaperlessUser = {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  /**
   * Plain text (fake only). null = unusable (Django's "!…"); '' = Django's empty password, which is
   * what REST-created users without a password and Remote-User-created users get: it counts as
   * "usable" (has_usable_password true) but never matches.
   */
  password: string | null;
  is_active: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  groups: number[];
  /** Codenames, e.g. 'view_document' (not 'documents.view_document'). */
  user_permissions: string[];
  /** The user has a TOTP authenticator (Paperless's own MFA). */
  mfa: boolean;
  /** The one TOTP code the fake accepts for this user (each code once per 30 s, as allauth). */
  totpCode?: string;
  date_joined: string;
};

export type FakePaperlessGroup = { id: number; name: string; permissions: string[] };

export type FakePaperlessDocument = {
  id: number;
  title: string;
  content: string;
  /** Owner's user id; null = no owner (visible to everyone with view_document). */
  owner: number | null;
  /** Users and groups granted view_document on this document (guardian object permissions). */
  view_users: number[];
  view_groups: number[];
  created: string;
  added: string;
  modified: string;
  original_file_name: string;
  mime_type: string;
  page_count: number;
};

export type FakePaperlessOptions = {
  host?: string;
  port?: number;
  /** PAPERLESS_ENABLE_HTTP_REMOTE_USER ('frontend') / _API ('api'); default 'off'. */
  remoteUser?: 'off' | 'frontend' | 'api';
  /** Header name ('remote-user', 'X-Forwarded-User') or META key ('HTTP_X_FORWARDED_USER'); default 'remote-user'. `-` and `_` spellings are the same header. */
  remoteUserHeader?: string;
  /** PAPERLESS_TOKEN_THROTTLE_RATE as N/min; default 5. */
  tokenThrottlePerMinute?: number;
  /** Clock in ms, for the throttle, TOTP reuse and timestamps; default Date.now. */
  now?: () => number;
  /** Paperless version for X-Version and ui_settings; default '3.0.5'. */
  version?: string;
};

export type FakePaperlessRequest = { method: string; path: string; headers: Record<string, string>; body: string; authenticatedAs: string | null };

export type FakePaperlessFault = { path: RegExp; method?: string; status: number; body?: string; headers?: Record<string, string>; times?: number };

export type FakePaperless = {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Seeds a user (id auto-increment). Defaults: active, not staff/superuser, no groups/perms, no mfa (true if totpCode is given), password null. */
  addUser(input: Partial<Omit<FakePaperlessUser, 'id' | 'date_joined'>> & { username: string }): FakePaperlessUser;
  addGroup(input: { name: string; permissions?: string[] }): FakePaperlessGroup;
  /** Seeds a document; `owner` is a username (default: no owner). */
  addDocument(input: {
    title: string;
    owner?: string | null;
    content?: string;
    created?: string;
    viewUsers?: string[];
    viewGroups?: string[];
  }): FakePaperlessDocument;
  /** Users, groups and documents by reference (mutating them changes the fake's state). */
  user(username: string): FakePaperlessUser | undefined;
  users(): FakePaperlessUser[];
  groups(): FakePaperlessGroup[];
  documents(): FakePaperlessDocument[];
  /** The user's single DRF token key, if any; setToken creates/replaces it (random 40-hex key unless given). */
  tokenOf(username: string): string | undefined;
  setToken(username: string, key?: string): string;
  /** Every request received, in order. Header names lower-case, duplicates joined by ', '. */
  requests: FakePaperlessRequest[];
  /** Answers the next requests matching `path` (tested against path + query) and `method` with `status`/`body`, `times` times (default: until clearFaults). Status 0 destroys the socket. */
  fault(rule: FakePaperlessFault): void;
  clearFaults(): void;
  /** Stops listening (connection refused) and starts again on the same port, keeping state. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  resetThrottle(): void;
};

export async function startFakePaperless(options: FakePaperlessOptions = {}): Promise<FakePaperless> {
  const fake = new FakePaperlessServer(options);
  await fake.listen(options.port ?? 0);
  return fake;
}

/** A superuser with a password and a token: the "admin service token" of the integration design. */
export function seedAdmin(fake: FakePaperless, username = 'admin'): { user: FakePaperlessUser; token: string; password: string } {
  const password = 'fake-admin-password-4711';
  const user = fake.addUser({ username, password, is_staff: true, is_superuser: true, email: `${username}@example.test` });
  return { user, token: fake.setToken(username), password };
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

const ALLOWED_VERSIONS = ['9', '10'];
const DEFAULT_VERSION = '10';
const TOTP_PERIOD_MS = 30_000;
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const DEFAULT_PARSERS = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
const LOGIN_URL = '/accounts/login/';

type Ctx = {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  /** The percent-decoded path, as Django resolves it. */
  path: string;
  query: URLSearchParams;
  meta: Map<string, string>;
  body: Buffer;
  remoteAddr: string;
  /** Django's request.user as ApiVersionMiddleware sees it at the end (Remote-User middleware, then DRF). */
  user: FakePaperlessUser | null;
};

type Reply = { status: number; headers: Record<string, string>; body: string | Buffer };

/** A DRF request as handlers see it. */
type Api = { user: FakePaperlessUser | null; version: string; renderer: Renderer; data(): RequestData };

type Handler = (ctx: Ctx, api: Api) => Reply;

type DrfView = {
  name: string;
  renderers: Renderer[];
  parsers?: string[];
  /** 'any' (AllowAny), 'authenticated' (IsAuthenticated), or IsAuthenticated + model permissions. */
  permission: 'any' | 'authenticated' | { app: string; model: string };
  throttle?: boolean;
  handlers: Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;
};

/** DjangoModelPermissions.perms_map (PaperlessObjectPermissions). */
const PERMS_MAP: Record<string, string> = { GET: 'view', HEAD: 'view', OPTIONS: 'view', POST: 'add', PUT: 'change', PATCH: 'change', DELETE: 'delete' };

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: renderJson(value),
});
const html = (status: number, text: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
  body: text,
});
const redirect = (location: string, status = 302): Reply => ({ status, headers: { 'Content-Type': 'text/html; charset=utf-8', Location: location }, body: '' });
const notModelled = (path: string): Reply => json(501, { detail: `Not modelled by the fake Paperless: ${path}` });

/** Django's stock 403 page for a CSRF failure (DEBUG off: the reason is not shown). */
const CSRF_FAILURE_HTML =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; charset=utf-8">\n  <meta name="robots" content="NONE,NOARCHIVE">\n  <title>403 Forbidden</title>\n</head>\n<body>\n  <h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>\n</body>\n</html>\n';

class FakePaperlessServer implements FakePaperless {
  url = '';
  port = 0;
  requests: FakePaperlessRequest[] = [];

  private readonly server: Server;
  private readonly host: string;
  private readonly mode: 'off' | 'frontend' | 'api';
  private readonly remoteUserKey: string;
  private readonly throttleRate: number;
  private readonly now: () => number;
  private readonly version: string;

  private readonly userList: FakePaperlessUser[] = [];
  private readonly groupList: FakePaperlessGroup[] = [];
  private readonly documentList: FakePaperlessDocument[] = [];
  /** user id → token key (DRF's Token: one per user). */
  private readonly tokens = new Map<number, string>();
  private readonly uiSettings = new Map<number, Record<string, unknown> | null>();
  private readonly throttleHistory = new Map<string, number[]>();
  private readonly usedTotpCodes = new Map<string, number>();
  private readonly headlessSessions = new Map<string, { userId: number; pendingMfa: boolean }>();
  private faults: Array<FakePaperlessFault & { remaining: number }> = [];
  private nextIds = { user: 1, group: 1, document: 1 };
  private listening = false;
  private closed = false;

  constructor(options: FakePaperlessOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.mode = options.remoteUser ?? 'off';
    this.remoteUserKey = metaKey(options.remoteUserHeader ?? 'remote-user');
    this.throttleRate = options.tokenThrottlePerMinute ?? 5;
    this.now = options.now ?? Date.now;
    this.version = options.version ?? '3.0.5';
    this.server = createServer((req, res) => this.onRequest(req, res));
  }

  // ----- lifecycle ---------------------------------------------------------------------------

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.url = `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
    this.listening = true;
  }

  private async stopListening(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  async pause(): Promise<void> {
    await this.stopListening();
  }

  async resume(): Promise<void> {
    if (this.closed) throw new Error('fake Paperless is closed');
    if (!this.listening) await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopListening();
  }

  // ----- seeding and inspection --------------------------------------------------------------

  addUser(input: Partial<Omit<FakePaperlessUser, 'id' | 'date_joined'>> & { username: string }): FakePaperlessUser {
    if (this.userList.some((u) => u.username === input.username)) throw new Error(`fake Paperless: user ${input.username} exists`);
    for (const codename of input.user_permissions ?? []) assertCodename(codename);
    for (const id of input.groups ?? []) if (!this.groupList.some((g) => g.id === id)) throw new Error(`fake Paperless: no group ${id}`);
    const user: FakePaperlessUser = {
      id: this.nextIds.user++,
      username: input.username,
      email: input.email ?? '',
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      password: input.password === undefined ? null : input.password,
      is_active: input.is_active ?? true,
      is_staff: input.is_staff ?? false,
      is_superuser: input.is_superuser ?? false,
      groups: [...(input.groups ?? [])],
      user_permissions: [...(input.user_permissions ?? [])],
      mfa: input.mfa ?? input.totpCode !== undefined,
      ...(input.totpCode !== undefined ? { totpCode: input.totpCode } : {}),
      date_joined: pythonIsoformat(this.now()),
    };
    this.userList.push(user);
    return user;
  }

  addGroup(input: { name: string; permissions?: string[] }): FakePaperlessGroup {
    if (this.groupList.some((g) => g.name === input.name)) throw new Error(`fake Paperless: group ${input.name} exists`);
    for (const codename of input.permissions ?? []) assertCodename(codename);
    const group = { id: this.nextIds.group++, name: input.name, permissions: [...(input.permissions ?? [])] };
    this.groupList.push(group);
    return group;
  }

  addDocument(input: {
    title: string;
    owner?: string | null;
    content?: string;
    created?: string;
    viewUsers?: string[];
    viewGroups?: string[];
  }): FakePaperlessDocument {
    const userId = (name: string) => {
      const u = this.user(name);
      if (!u) throw new Error(`fake Paperless: no user ${name}`);
      return u.id;
    };
    const now = pythonIsoformat(this.now());
    const id = this.nextIds.document++;
    const doc: FakePaperlessDocument = {
      id,
      title: input.title,
      content: input.content ?? `Content of ${input.title}`,
      owner: input.owner ? userId(input.owner) : null,
      view_users: (input.viewUsers ?? []).map(userId),
      view_groups: (input.viewGroups ?? []).map((name) => {
        const g = this.groupList.find((x) => x.name === name);
        if (!g) throw new Error(`fake Paperless: no group ${name}`);
        return g.id;
      }),
      created: input.created ?? now.slice(0, 10),
      added: now,
      modified: now,
      original_file_name: `document-${id}.pdf`,
      mime_type: 'application/pdf',
      page_count: 1,
    };
    this.documentList.push(doc);
    return doc;
  }

  user(username: string): FakePaperlessUser | undefined {
    return this.userList.find((u) => u.username === username);
  }

  users(): FakePaperlessUser[] {
    return [...this.userList];
  }

  groups(): FakePaperlessGroup[] {
    return [...this.groupList];
  }

  documents(): FakePaperlessDocument[] {
    return [...this.documentList];
  }

  tokenOf(username: string): string | undefined {
    const user = this.user(username);
    return user ? this.tokens.get(user.id) : undefined;
  }

  setToken(username: string, key?: string): string {
    const user = this.user(username);
    if (!user) throw new Error(`fake Paperless: no user ${username}`);
    const newKey = key ?? randomBytes(20).toString('hex');
    for (const [id, k] of this.tokens) if (k === newKey && id !== user.id) throw new Error('fake Paperless: token key in use');
    this.tokens.set(user.id, newKey);
    return newKey;
  }

  fault(rule: FakePaperlessFault): void {
    this.faults.push({ ...rule, remaining: rule.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults = [];
  }

  resetThrottle(): void {
    this.throttleHistory.clear();
  }

  // ----- request entry -----------------------------------------------------------------------

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { meta, record } = headerMaps(req.rawHeaders);
      const url = req.url ?? '/';
      const entry: FakePaperlessRequest = { method: req.method ?? 'GET', path: url, headers: record, body: body.toString('utf8'), authenticatedAs: null };
      this.requests.push(entry);

      const fault = this.takeFault(entry.method, url);
      if (fault) {
        if (fault.status === 0) {
          req.socket.destroy();
          return;
        }
        const text = fault.body ?? '';
        res.writeHead(fault.status, { 'Content-Type': looksLikeJson(text) ? 'application/json' : 'text/html; charset=utf-8', ...fault.headers });
        res.end(text);
        return;
      }

      const q = url.indexOf('?');
      const rawPath = q < 0 ? url : url.slice(0, q);
      let path: string;
      try {
        path = decodeURIComponent(rawPath);
      } catch {
        path = rawPath;
      }
      const ctx: Ctx = {
        method: entry.method,
        url,
        path,
        query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
        meta,
        body,
        remoteAddr: req.socket.remoteAddress ?? '',
        user: null,
      };
      let reply: Reply;
      try {
        this.remoteUserMiddleware(ctx);
        reply = this.route(ctx);
      } catch (error) {
        if (!(error instanceof ServerError)) console.error('fake Paperless: unexpected error', error);
        reply = html(500, DJANGO_500_HTML);
      }
      entry.authenticatedAs = ctx.user?.username ?? null;
      this.send(res, ctx, reply);
    });
  }

  private takeFault(method: string, url: string): FakePaperlessFault | undefined {
    for (const rule of this.faults) {
      rule.path.lastIndex = 0;
      if (rule.remaining > 0 && rule.path.test(url) && (!rule.method || rule.method.toUpperCase() === method)) {
        rule.remaining -= 1;
        return rule;
      }
    }
    return undefined;
  }

  /** Middleware headers on every Django response: security defaults, Vary, and ApiVersionMiddleware. */
  private send(res: ServerResponse, ctx: Ctx, reply: Reply): void {
    const headers: Record<string, string> = {
      ...reply.headers,
      Vary: [reply.headers.Vary, 'Accept-Language', 'Cookie'].filter(Boolean).join(', '),
      'X-Frame-Options': 'SAMEORIGIN',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (ctx.user) {
      headers['X-Api-Version'] = ALLOWED_VERSIONS[ALLOWED_VERSIONS.length - 1] ?? DEFAULT_VERSION;
      headers['X-Version'] = this.version;
    }
    if (reply.status === 204) delete headers['Content-Type'];
    // CommonMiddleware sets Content-Length on every non-streaming response (also for HEAD).
    headers['Content-Length'] = String(Buffer.byteLength(reply.body));
    res.writeHead(reply.status, headers);
    res.end(reply.body); // Node sends no body for HEAD
  }

  // ----- Remote-User -------------------------------------------------------------------------

  /** HttpRemoteUserMiddleware: skipped for paths containing "/api/" unless the API mode is on. */
  private remoteUserMiddleware(ctx: Ctx): void {
    if (this.mode === 'off') return;
    if (ctx.path.includes('/api/') && this.mode !== 'api') return;
    const user = this.remoteUserBackend(ctx.meta.get(this.remoteUserKey));
    if (user) ctx.user = user;
  }

  /** RemoteUserBackend.authenticate: get_or_create(username=header), refuse inactive users. */
  private remoteUserBackend(value: string | undefined): FakePaperlessUser | null {
    if (!value) return null;
    const user = this.user(value) ?? this.addUser({ username: value, password: '' });
    return user.is_active ? user : null;
  }

  // ----- URL resolution (src/paperless/urls.py) ----------------------------------------------

  private route(ctx: Ctx): Reply {
    const rest = ctx.path.replace(/^\//, '');
    if (rest.startsWith('api/')) {
      const reply = this.routeApi(ctx, rest.slice(4));
      if (reply) return reply;
    }
    // re_path(r"admin/", admin.site.urls) has no ^: Django searches it anywhere in the path.
    const admin = rest.indexOf('admin/');
    if (admin >= 0) return this.adminSite(ctx, rest.slice(admin + 'admin/'.length));
    if (rest === 'accounts/login/') return this.allauthLogin(ctx);
    if (rest === 'accounts/logout/') return this.allauthLogout(ctx);
    return this.index(ctx);
  }

  /** The `^api/` include; null when nothing inside it matches (Django then tries the later patterns). */
  private routeApi(ctx: Ctx, rest: string): Reply | null {
    const prefixed = (...prefixes: string[]) => prefixes.some((p) => rest.startsWith(p));
    if (rest === '') return this.djangoView(ctx, () => redirect('schema/view/'));
    if (rest === 'auth/login/') return this.allauthLogin(ctx);
    if (rest === 'auth/logout/') return this.allauthLogout(ctx);
    if (rest === 'token/') return this.drf(ctx, this.tokenView);
    if (rest === 'profile/') return this.drf(ctx, this.profileView);
    if (rest === 'profile/generate_auth_token/') return this.drf(ctx, this.generateTokenView);
    if (rest === 'profile/social_account_providers/') return this.drf(ctx, this.socialProvidersView);
    if (rest === 'profile/disconnect_social_account/') return this.drf(ctx, this.disconnectSocialView);
    if (rest === 'profile/totp/') return notModelled(ctx.path);
    if (rest.startsWith('ui_settings/')) return this.drf(ctx, this.uiSettingsView);
    if (rest === 'schema/') return this.drf(ctx, this.schemaView);
    if (rest.startsWith('schema/view/')) return this.drf(ctx, this.swaggerView);
    if (rest.startsWith('auth/headless/')) return this.headless(ctx, rest.slice('auth/headless/'.length));
    if (rest === 'search/' || prefixed('search/autocomplete/', 'statistics/', 'bulk_edit_objects/', 'remote_version/', 'status/', 'trash/', 'oauth/callback/'))
      return notModelled(ctx.path);
    if (
      prefixed(
        ...[
          'post_document/',
          'bulk_edit/',
          'delete/',
          'reprocess/',
          'rotate/',
          'merge/',
          'edit_pdf/',
          'remove_password/',
          'bulk_download/',
          'selection_data/',
          'chat/',
        ].map((p) => `documents/${p}`),
      )
    ) {
      return notModelled(ctx.path);
    }
    return this.routeRouter(ctx, rest);
  }

  /** DefaultRouter routes: `prefix/`, `prefix/{pk}/`, `prefix/{pk}/{action}/`, each also with a `.format` suffix. */
  private routeRouter(ctx: Ctx, rest: string): Reply | null {
    const m = /^([a-z_]+)(?:\/([^/.]+))?(?:\/([a-z_]+))?(?:\/|\.([a-z0-9]+)\/?)$/.exec(rest);
    if (!m) return null;
    const [, prefix = '', pk, action, format] = m;
    // A `.json` suffix is the same as ?format=json.
    if (format) ctx.query = withParam(ctx.query, 'format', format);
    const withFormat = ctx;
    const stub = STUB_ENDPOINTS[prefix];
    if (prefix === 'users') {
      if (action === undefined) return this.drf(withFormat, pk === undefined ? this.userListView : this.userDetailView(pk));
      return action === 'deactivate_totp' ? this.drf(withFormat, this.deactivateTotpView(pk ?? '')) : null;
    }
    if (prefix === 'groups') return action === undefined ? this.drf(withFormat, pk === undefined ? this.groupListView : this.groupDetailView(pk)) : null;
    if (prefix === 'documents') {
      if (action === undefined) return this.drf(withFormat, pk === undefined ? this.documentListView : this.documentDetailView(pk));
      if (action === 'download' || action === 'preview' || action === 'thumb') return this.drf(withFormat, this.documentFileView(pk ?? '', action));
      return ['metadata', 'suggestions', 'notes', 'share_links', 'history', 'email', 'root'].includes(action) ? notModelled(ctx.path) : null;
    }
    if (stub) return action === undefined ? this.drf(withFormat, this.stubView(stub, pk)) : notModelled(ctx.path);
    if (['logs', 'tasks', 'config'].includes(prefix)) return notModelled(ctx.path);
    return null;
  }

  // ----- DRF pipeline (APIView.initial + dispatch + handle_exception) ------------------------

  private drf(ctx: Ctx, view: DrfView): Reply {
    const allowed = METHOD_ORDER.filter((m) => (m === 'HEAD' ? !!view.handlers.GET : m === 'OPTIONS' ? true : !!view.handlers[m as keyof DrfView['handlers']]));
    const finalize = (reply: Reply): Reply => {
      reply.headers.Allow = allowed.join(', ');
      if (view.renderers.length > 1) reply.headers.Vary = 'Accept';
      return reply;
    };
    try {
      // 1. Content negotiation, then AcceptHeaderVersioning.
      const neg = negotiate(ctx.meta.get('HTTP_ACCEPT'), lastParam(ctx.query, 'format') ?? null, view.renderers);
      if (neg === 'not-found') throw detail(404, 'Not found.');
      if (neg === 'not-acceptable') throw detail(406, 'Could not satisfy the request Accept header.');
      const version = neg.version ?? DEFAULT_VERSION;
      if (!ALLOWED_VERSIONS.includes(version)) throw detail(406, 'Invalid version in "Accept" header.');
      // 2. Authentication.
      const user = this.authenticate(ctx);
      // 3. Permissions.
      if (view.permission !== 'any') {
        if (!user) throw this.authError('Authentication credentials were not provided.', ctx);
        if (typeof view.permission === 'object') {
          const action = PERMS_MAP[ctx.method];
          if (!action) throw detail(405, `Method "${ctx.method}" not allowed.`);
          if (!hasPerm(user, `${view.permission.app}.${action}_${view.permission.model}`, this.groupList))
            throw detail(403, 'You do not have permission to perform this action.');
        }
      }
      // 4. Throttles.
      if (view.throttle) this.throttle(ctx, user);
      // 5. The handler.
      let data: RequestData | undefined;
      const api: Api = { user, version, renderer: neg.renderer, data: () => (data ??= this.parseData(ctx, view.parsers ?? DEFAULT_PARSERS)) };
      if (ctx.method === 'OPTIONS') {
        return finalize(
          json(200, { name: view.name, description: '', renders: view.renderers.map((r) => r.mediaType), parses: view.parsers ?? DEFAULT_PARSERS }),
        );
      }
      const handler = view.handlers[(ctx.method === 'HEAD' ? 'GET' : ctx.method) as keyof DrfView['handlers']];
      if (!handler) throw detail(405, `Method "${ctx.method}" not allowed.`);
      return finalize(handler(ctx, api));
    } catch (error) {
      if (error instanceof DrfError) return finalize(json(error.status, error.body, error.headers));
      throw error;
    }
  }

  /** NotAuthenticated / AuthenticationFailed: 401 + WWW-Authenticate from the first authenticator, or 403 when it has none (RemoteUser first). */
  private authError(message: string, ctx: Ctx): DrfError {
    ctx.user = null;
    if (this.mode === 'api') return detail(403, message);
    const authorization = ctx.meta.get('HTTP_AUTHORIZATION') ?? '';
    return detail(401, message, { 'WWW-Authenticate': authorization.toLowerCase().startsWith('basic ') ? 'Basic realm="api"' : 'Token' });
  }

  /** DEFAULT_AUTHENTICATION_CLASSES in order; the first that raises aborts, the first that returns a user wins. */
  private authenticate(ctx: Ctx): FakePaperlessUser | null {
    const authenticators = this.mode === 'api' ? [this.remoteUserAuth, this.basicAuth, this.tokenAuth] : [this.basicAuth, this.tokenAuth];
    for (const authenticator of authenticators) {
      const user = authenticator.call(this, ctx);
      if (user) {
        ctx.user = user;
        return user;
      }
    }
    ctx.user = null;
    return null;
  }

  private remoteUserAuth(ctx: Ctx): FakePaperlessUser | null {
    return this.remoteUserBackend(ctx.meta.get(this.remoteUserKey));
  }

  /** PaperlessBasicAuthentication = DRF BasicAuthentication + "MFA required". */
  private basicAuth(ctx: Ctx): FakePaperlessUser | null {
    const parts = splitAuthorization(ctx.meta.get('HTTP_AUTHORIZATION'));
    if (parts.length === 0 || parts[0]?.toLowerCase() !== 'basic') return null;
    if (parts.length === 1) throw this.authError('Invalid basic header. No credentials provided.', ctx);
    if (parts.length > 2) throw this.authError('Invalid basic header. Credentials string should not contain spaces.', ctx);
    const raw = pythonB64decode(parts[1] ?? '');
    const decoded = raw && (latin1ToUtf8(raw.toString('latin1')) ?? raw.toString('latin1'));
    const colon = decoded ? decoded.indexOf(':') : -1;
    if (!decoded || colon < 0) throw this.authError('Invalid basic header. Credentials not correctly base64 encoded.', ctx);
    const user = this.passwordLogin(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!user) throw this.authError('Invalid username/password.', ctx);
    if (user.mfa) throw this.authError('MFA required', ctx);
    return user;
  }

  /** DRF TokenAuthentication (keyword "Token", case-insensitive; "Bearer" is not its keyword). */
  private tokenAuth(ctx: Ctx): FakePaperlessUser | null {
    const parts = splitAuthorization(ctx.meta.get('HTTP_AUTHORIZATION'));
    if (parts.length === 0 || parts[0]?.toLowerCase() !== 'token') return null;
    if (parts.length === 1) throw this.authError('Invalid token header. No credentials provided.', ctx);
    if (parts.length > 2) throw this.authError('Invalid token header. Token string should not contain spaces.', ctx);
    const key = latin1ToUtf8(parts[1] ?? '');
    if (key === null) throw this.authError('Invalid token header. Token string should not contain invalid characters.', ctx);
    const user = this.userByToken(key);
    if (!user) throw this.authError('Invalid token.', ctx);
    if (!user.is_active) throw this.authError('User inactive or deleted.', ctx);
    return user;
  }

  private userByToken(key: string): FakePaperlessUser | undefined {
    for (const [id, k] of this.tokens) if (k === key) return this.userList.find((u) => u.id === id);
    return undefined;
  }

  /**
   * django.contrib.auth.authenticate(username, password): ModelBackend (exact username), then
   * allauth's AuthenticationBackend (username__iexact, first match). Inactive users never pass.
   */
  private passwordLogin(username: string, password: string): FakePaperlessUser | null {
    const ok = (u: FakePaperlessUser | undefined): u is FakePaperlessUser => !!u && u.is_active && !!u.password && u.password === password;
    const exact = this.user(username);
    if (ok(exact)) return exact;
    if (!username || !password) return null;
    const caseless = this.userList.filter((u) => u.username.toLowerCase() === username.toLowerCase()).sort((a, b) => a.id - b.id)[0];
    return ok(caseless) ? caseless : null;
  }

  /** ScopedRateThrottle, scope "login": N per 60 s, keyed by user pk or the whole X-Forwarded-For (whitespace removed) or REMOTE_ADDR. */
  private throttle(ctx: Ctx, user: FakePaperlessUser | null): void {
    const xff = ctx.meta.get('HTTP_X_FORWARDED_FOR');
    const key = user ? `user:${user.id}` : `ident:${xff ? xff.replace(/\s+/g, '') : ctx.remoteAddr}`;
    const now = this.now() / 1000;
    const history = (this.throttleHistory.get(key) ?? []).filter((t) => t > now - 60);
    this.throttleHistory.set(key, history);
    if (history.length >= this.throttleRate) {
      const oldest = history[history.length - 1];
      const wait = Math.ceil(oldest === undefined ? 60 : 60 - (now - oldest));
      throw new DrfError(
        429,
        { detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` },
        { 'Retry-After': String(wait) },
      );
    }
    history.unshift(now);
  }

  /** request.data: DRF parsers, lazily (a parse error surfaces only when the handler reads the data). */
  private parseData(ctx: Ctx, parsers: string[]): RequestData {
    const contentType = ctx.meta.get('CONTENT_TYPE') ?? '';
    const isForm = ['application/x-www-form-urlencoded', 'multipart/form-data'].includes(
      `${parseMediaType(contentType).main}/${parseMediaType(contentType).sub}`,
    );
    // Request._load_stream: no (or a zero) Content-Length means no body, even for chunked requests.
    const length = pythonInt(ctx.meta.get('CONTENT_LENGTH') ?? '0') ?? 0;
    if (length === 0) return isForm ? { kind: 'form', fields: [] } : { kind: 'json', value: {} };
    const parser = selectParser(contentType, parsers);
    if (!parser) throw detail(415, `Unsupported media type "${contentType}" in request.`);
    if (parser === 'application/json') {
      try {
        return { kind: 'json', value: JSON.parse(ctx.body.toString('utf8')) as unknown };
      } catch (error) {
        throw detail(400, `JSON parse error - ${(error as Error).message}`);
      }
    }
    if (parser === 'multipart/form-data') return { kind: 'form', fields: parseMultipart(ctx.body, contentType) };
    return { kind: 'form', fields: [...new URLSearchParams(ctx.body.toString('utf8'))] };
  }

  // ----- /api/token/ -------------------------------------------------------------------------

  private readonly tokenView: DrfView = {
    name: 'Paperless Obtain Auth Token',
    renderers: [JSON_RENDERER],
    parsers: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'],
    permission: 'any',
    throttle: true,
    handlers: {
      POST: (_ctx, api) => {
        const data = api.data();
        const values = runSerializer(data, false, [
          { name: 'username', kind: 'char', required: true },
          { name: 'password', kind: 'char', required: true, trim: false },
          { name: 'code', kind: 'char' },
        ]);
        const user = this.passwordLogin(String(values.username), String(values.password));
        if (!user) throw nonField('Unable to log in with provided credentials.');
        if (user.mfa) {
          if (values.code === undefined) throw nonField('MFA code is required');
          if (!this.checkTotp(user, String(values.code))) throw nonField('Invalid MFA code');
        }
        return json(200, { token: this.tokens.get(user.id) ?? this.setToken(user.username) });
      },
    },
  };

  /** allauth TOTP.validate_code: the fake's code for this user, each code usable once per period. */
  private checkTotp(user: FakePaperlessUser, code: string): boolean {
    const key = `${user.id}:${code}`;
    const used = this.usedTotpCodes.get(key);
    if (used !== undefined && this.now() - used < TOTP_PERIOD_MS) return false;
    if (user.totpCode === undefined || code !== user.totpCode) return false;
    this.usedTotpCodes.set(key, this.now());
    return true;
  }

  // ----- /api/profile/ -----------------------------------------------------------------------

  private profileJson(user: FakePaperlessUser): unknown {
    return {
      email: user.email,
      password: obfuscatedPassword(user),
      first_name: user.first_name,
      last_name: user.last_name,
      auth_token: this.tokens.get(user.id) ?? null,
      social_accounts: [],
      has_usable_password: user.password !== null,
      is_mfa_enabled: user.mfa,
    };
  }

  private readonly profileView: DrfView = {
    name: 'Profile',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: 'authenticated',
    handlers: {
      GET: (_ctx, api) => {
        api.data();
        return json(200, this.profileJson(mustUser(api)));
      },
      PATCH: (_ctx, api) => {
        const user = mustUser(api);
        const values = runSerializer(
          api.data(),
          false,
          [
            { name: 'email', kind: 'email', allowBlank: true },
            { name: 'password', kind: 'password' },
            { name: 'first_name', kind: 'char', allowBlank: true, maxLength: 150 },
            { name: 'last_name', kind: 'char', allowBlank: true, maxLength: 150 },
          ],
          { password: (value) => checkNewPassword(value, user) },
        );
        if (hasRealPassword(values.password)) user.password = values.password;
        for (const key of ['email', 'first_name', 'last_name'] as const) if (typeof values[key] === 'string') user[key] = values[key];
        return json(200, this.profileJson(user));
      },
    },
  };

  private readonly generateTokenView: DrfView = {
    name: 'Generate Auth Token',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: 'authenticated',
    handlers: {
      POST: (_ctx, api) => {
        const user = mustUser(api);
        this.tokens.delete(user.id);
        return json(200, this.setToken(user.username));
      },
    },
  };

  private readonly socialProvidersView: DrfView = {
    name: 'Social Account Providers',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: 'authenticated',
    handlers: { GET: () => json(200, []) },
  };

  private readonly disconnectSocialView: DrfView = {
    name: 'Disconnect Social Account',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: 'authenticated',
    handlers: {
      POST: (_ctx, api) => {
        if (!dataHas(api.data(), 'id')) throw new ServerError('KeyError: id');
        return html(400, 'Social account not found');
      },
    },
  };

  // ----- /api/users/ -------------------------------------------------------------------------

  private userJson(user: FakePaperlessUser): unknown {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      password: obfuscatedPassword(user),
      first_name: user.first_name,
      last_name: user.last_name,
      date_joined: user.date_joined,
      is_staff: user.is_staff,
      is_active: user.is_active,
      is_superuser: user.is_superuser,
      groups: [...new Set(user.groups)].sort((a, b) => a - b),
      user_permissions: sortCodenames(user.user_permissions),
      inherited_permissions: groupPermissions(user, this.groupList).map(qualified),
      is_mfa_enabled: user.mfa,
    };
  }

  /** UserViewSet.queryset + UserFilterSet + OrderingFilter. */
  private userQueryset(query: URLSearchParams): FakePaperlessUser[] {
    const base = this.userList.filter((u) => u.username !== 'consumer' && u.username !== 'AnonymousUser');
    return order(
      charFilter(base, query, 'username', (u) => u.username),
      query,
      'username',
      (u) => u.username,
    );
  }

  private readonly userListView: DrfView = {
    name: 'User List',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: { app: 'auth', model: 'user' },
    handlers: {
      GET: (ctx, api) => this.paginate(ctx, api, this.userQueryset(ctx.query), (u) => this.userJson(u)),
      POST: (_ctx, api) => {
        const requester = mustUser(api);
        const data = api.data();
        if (!requester.is_superuser) {
          if (requestedBool(data, 'is_superuser') === true) return html(403, 'Superuser status can only be granted by a superuser');
          if (requestedBool(data, 'is_staff') === true) return html(403, 'Staff status can only be granted by a superuser');
        }
        const values = this.validateUser(data, null, false, requester);
        const user = this.addUser({
          username: String(values.username),
          password: hasRealPassword(values.password) ? values.password : '',
          email: typeof values.email === 'string' ? values.email : '',
          first_name: typeof values.first_name === 'string' ? values.first_name : '',
          last_name: typeof values.last_name === 'string' ? values.last_name : '',
          ...(typeof values.is_active === 'boolean' ? { is_active: values.is_active } : {}),
          ...(typeof values.is_staff === 'boolean' ? { is_staff: values.is_staff } : {}),
          ...(typeof values.is_superuser === 'boolean' ? { is_superuser: values.is_superuser } : {}),
          groups: Array.isArray(values.groups) ? (values.groups as number[]) : [],
          user_permissions: Array.isArray(values.user_permissions) ? (values.user_permissions as string[]) : [],
        });
        return json(201, this.userJson(user));
      },
    },
  };

  private getUser(ctx: Ctx, pk: string): FakePaperlessUser {
    const id = pythonInt(pk);
    const user = this.userQueryset(ctx.query).find((u) => u.id === id);
    if (!user) throw detail(404, 'No User matches the given query.');
    return user;
  }

  private userDetailView(pk: string): DrfView {
    const update =
      (partial: boolean): Handler =>
      (ctx, api) => {
        const requester = mustUser(api);
        const target = this.getUser(ctx, pk);
        if (!requester.is_superuser && target.is_superuser) return html(403, 'Superusers can only be modified by other superusers');
        const data = api.data();
        const wantsSuperuser = requestedBool(data, 'is_superuser');
        const wantsStaff = requestedBool(data, 'is_staff');
        if (!requester.is_superuser && wantsSuperuser !== undefined && wantsSuperuser !== target.is_superuser)
          return html(403, 'Superuser status can only be changed by a superuser');
        if (!requester.is_superuser && wantsStaff !== undefined && wantsStaff !== target.is_staff)
          return html(403, 'Staff status can only be changed by a superuser');
        const values = this.validateUser(data, target, partial, requester);
        if (hasRealPassword(values.password)) target.password = values.password;
        for (const key of ['username', 'email', 'first_name', 'last_name'] as const) if (typeof values[key] === 'string') target[key] = values[key];
        for (const key of ['is_active', 'is_staff', 'is_superuser'] as const) if (typeof values[key] === 'boolean') target[key] = values[key];
        if (Array.isArray(values.groups)) target.groups = [...new Set(values.groups as number[])];
        if (Array.isArray(values.user_permissions)) target.user_permissions = [...new Set(values.user_permissions as string[])];
        return json(200, this.userJson(target));
      };
    return {
      name: 'User Instance',
      renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
      permission: { app: 'auth', model: 'user' },
      handlers: {
        GET: (ctx) => json(200, this.userJson(this.getUser(ctx, pk))),
        PUT: update(false),
        PATCH: update(true),
        DELETE: (ctx, api) => {
          const target = this.getUser(ctx, pk);
          if (!mustUser(api).is_superuser && target.is_superuser) return html(403, 'Superusers can only be deleted by other superusers');
          this.userList.splice(this.userList.indexOf(target), 1);
          this.tokens.delete(target.id);
          this.uiSettings.delete(target.id);
          for (const doc of this.documentList) if (doc.owner === target.id) doc.owner = null;
          return { status: 204, headers: {}, body: '' };
        },
      },
    };
  }

  /** UserSerializer validation (fields in Meta.fields order, then the per-field validators). */
  private validateUser(data: RequestData, instance: FakePaperlessUser | null, partial: boolean, requester: FakePaperlessUser): Record<string, unknown> {
    return runSerializer(
      data,
      partial,
      [
        { name: 'username', kind: 'char', required: true },
        { name: 'email', kind: 'email', allowBlank: true, maxLength: 254 },
        { name: 'password', kind: 'password' },
        { name: 'first_name', kind: 'char', allowBlank: true, maxLength: 150 },
        { name: 'last_name', kind: 'char', allowBlank: true, maxLength: 150 },
        { name: 'is_staff', kind: 'bool' },
        { name: 'is_active', kind: 'bool' },
        { name: 'is_superuser', kind: 'bool' },
        { name: 'groups', kind: 'pk-list' },
        { name: 'user_permissions', kind: 'slug-list' },
      ],
      {
        username: (value) => {
          const name = String(value);
          const errors: string[] = [];
          if (!isValidUsername(name)) errors.push('Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.');
          if (this.userList.some((u) => u.username === name && u !== instance)) errors.push('A user with that username already exists.');
          if (Array.from(name).length > 150) errors.push('Ensure this field has no more than 150 characters.');
          if (errors.length) throw errors;
          return name;
        },
        // PasswordValidationMixin: similarity against the instance, or the requesting user on create.
        password: (value) => checkNewPassword(value, instance ?? requester),
      },
      { pk: (v) => this.groupPk(v), slug: permissionSlug },
    );
  }

  private groupPk(value: unknown): number {
    if (typeof value === 'boolean' || (typeof value === 'object' && value !== null))
      throw [`Incorrect type. Expected pk value, received ${pythonTypeName(value)}.`];
    const id = typeof value === 'number' ? Math.trunc(value) : value === null ? null : pythonInt(String(value));
    if (typeof value === 'string' && id === null) throw ['Incorrect type. Expected pk value, received str.'];
    if (!this.groupList.some((g) => g.id === id)) throw [`Invalid pk "${value === null ? 'None' : String(value)}" - object does not exist.`];
    return id as number;
  }

  private deactivateTotpView(pk: string): DrfView {
    return {
      name: 'Deactivate Totp',
      renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
      permission: { app: 'auth', model: 'user' },
      handlers: {
        POST: (_ctx, api) => {
          const requester = mustUser(api);
          // User.objects.get(pk=pk): not the filtered queryset, and DoesNotExist is not caught (500).
          const id = pythonInt(pk);
          const target = this.userList.find((u) => u.id === id);
          if (!target) throw new ServerError('User.DoesNotExist');
          if (!requester.is_superuser && requester !== target) return html(403, 'You do not have permission to deactivate TOTP for this user');
          if (!target.mfa) return html(404, 'TOTP not found');
          target.mfa = false;
          delete target.totpCode;
          return json(200, true);
        },
      },
    };
  }

  // ----- /api/groups/ ------------------------------------------------------------------------

  private groupJson(group: FakePaperlessGroup): unknown {
    return { id: group.id, name: group.name, permissions: sortCodenames(group.permissions) };
  }

  private groupQueryset(query: URLSearchParams): FakePaperlessGroup[] {
    return order(
      charFilter(this.groupList, query, 'name', (g) => g.name),
      query,
      'name',
      (g) => g.name,
    );
  }

  private validateGroup(data: RequestData, instance: FakePaperlessGroup | null, partial: boolean): Record<string, unknown> {
    return runSerializer(
      data,
      partial,
      [
        { name: 'name', kind: 'char', required: true },
        { name: 'permissions', kind: 'slug-list', required: true },
      ],
      {
        name: (value) => {
          const name = String(value);
          const errors: string[] = [];
          if (this.groupList.some((g) => g.name === name && g !== instance)) errors.push('group with this name already exists.');
          if (Array.from(name).length > 150) errors.push('Ensure this field has no more than 150 characters.');
          if (errors.length) throw errors;
          return name;
        },
      },
      { slug: permissionSlug },
    );
  }

  private readonly groupListView: DrfView = {
    name: 'Group List',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: { app: 'auth', model: 'group' },
    handlers: {
      GET: (ctx, api) => this.paginate(ctx, api, this.groupQueryset(ctx.query), (g) => this.groupJson(g)),
      POST: (_ctx, api) => {
        const values = this.validateGroup(api.data(), null, false);
        const group = this.addGroup({ name: String(values.name), permissions: [...new Set(values.permissions as string[])] });
        return json(201, this.groupJson(group));
      },
    },
  };

  private groupDetailView(pk: string): DrfView {
    const get = (ctx: Ctx) => {
      const id = pythonInt(pk);
      const group = this.groupQueryset(ctx.query).find((g) => g.id === id);
      if (!group) throw detail(404, 'No Group matches the given query.');
      return group;
    };
    const update =
      (partial: boolean): Handler =>
      (ctx, api) => {
        const group = get(ctx);
        const values = this.validateGroup(api.data(), group, partial);
        if (typeof values.name === 'string') group.name = values.name;
        if (Array.isArray(values.permissions)) group.permissions = [...new Set(values.permissions as string[])];
        return json(200, this.groupJson(group));
      };
    return {
      name: 'Group Instance',
      renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
      permission: { app: 'auth', model: 'group' },
      handlers: {
        GET: (ctx) => json(200, this.groupJson(get(ctx))),
        PUT: update(false),
        PATCH: update(true),
        DELETE: (ctx) => {
          const group = get(ctx);
          this.groupList.splice(this.groupList.indexOf(group), 1);
          for (const u of this.userList) u.groups = u.groups.filter((id) => id !== group.id);
          return { status: 204, headers: {}, body: '' };
        },
      },
    };
  }

  // ----- /api/ui_settings/ -------------------------------------------------------------------

  private readonly uiSettingsView: DrfView = {
    name: 'Ui Settings',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: { app: 'documents', model: 'uisettings' },
    handlers: {
      GET: (_ctx, api) => {
        const user = mustUser(api);
        uiSettingsValue(api.data());
        const saved = this.uiSettings.has(user.id) ? this.uiSettings.get(user.id) : {};
        if (saved === null || saved === undefined) throw new ServerError("TypeError: argument of type 'NoneType' is not iterable");
        const settings: Record<string, unknown> = structuredClone(saved);
        if (isPlainObject(settings.update_checking)) settings.update_checking.backend_setting = 'default';
        else settings.update_checking = { backend_setting: 'default' };
        Object.assign(settings, {
          trash_delay: 30,
          version: this.version,
          app_title: null,
          app_logo: null,
          auditlog_enabled: true,
          email_enabled: false,
          ai_enabled: false,
        });
        const userJson: Record<string, unknown> = {
          id: user.id,
          username: user.username,
          is_staff: user.is_staff,
          is_superuser: user.is_superuser,
          groups: [...user.groups].sort((a, b) => a - b),
        };
        if (user.first_name) userJson.first_name = user.first_name;
        if (user.last_name) userJson.last_name = user.last_name;
        return json(200, { user: userJson, settings, permissions: allPermissions(user, this.groupList) });
      },
      POST: (_ctx, api) => {
        const user = mustUser(api);
        const settings = uiSettingsValue(api.data());
        this.uiSettings.set(user.id, settings === EMPTY ? null : (settings as Record<string, unknown> | null));
        return json(200, { success: true });
      },
    },
  };

  // ----- /api/documents/ ---------------------------------------------------------------------

  /** ObjectOwnedOrGrantedPermissionsFilter: own, unowned, or granted documents; all for a superuser. */
  private visibleDocuments(user: FakePaperlessUser, query: URLSearchParams): FakePaperlessDocument[] {
    const visible = this.documentList.filter(
      (d) =>
        user.is_superuser || d.owner === null || d.owner === user.id || d.view_users.includes(user.id) || d.view_groups.some((g) => user.groups.includes(g)),
    );
    const title = lastParam(query, 'title__icontains')?.trim().toLowerCase();
    return visible
      .filter((d) => !title || d.title.toLowerCase().includes(title))
      .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : b.id - a.id));
  }

  private documentJson(doc: FakePaperlessDocument, user: FakePaperlessUser, query: URLSearchParams): unknown {
    const fullPerms = lastParam(query, 'full_perms') === 'true';
    const content = lastParam(query, 'truncate_content') === 'true' ? doc.content.slice(0, 550) : doc.content;
    const checksum = createHash('md5').update(doc.content).digest('hex');
    const all: Record<string, unknown> = {
      id: doc.id,
      correspondent: null,
      document_type: null,
      storage_path: null,
      title: doc.title,
      content,
      tags: [],
      created: doc.created,
      created_date: doc.created,
      modified: doc.modified,
      added: doc.added,
      deleted_at: null,
      archive_serial_number: null,
      original_file_name: doc.original_file_name,
      archived_file_name: null,
      duplicate_documents: [],
      owner: doc.owner,
      ...(fullPerms
        ? { permissions: { view: { users: [...doc.view_users], groups: [...doc.view_groups] }, change: { users: [], groups: [] } } }
        : { user_can_change: user.is_superuser || doc.owner === null || doc.owner === user.id, is_shared_by_requester: false }),
      notes: [],
      custom_fields: [],
      page_count: doc.page_count,
      mime_type: doc.mime_type,
      root_document: null,
      versions: [{ id: doc.id, added: doc.added, version_label: null, checksum, is_root: true }],
    };
    const fields = lastParam(query, 'fields');
    if (!fields) return all;
    const wanted = new Set(fields.split(','));
    return Object.fromEntries(Object.entries(all).filter(([k]) => wanted.has(k)));
  }

  private readonly documentListView: DrfView = {
    name: 'Document List',
    renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
    permission: { app: 'documents', model: 'document' },
    handlers: {
      GET: (ctx, api) => {
        const user = mustUser(api);
        return this.paginate(ctx, api, this.visibleDocuments(user, ctx.query), (d) => this.documentJson(d, user, ctx.query));
      },
    },
  };

  private getDocument(ctx: Ctx, api: Api, pk: string): FakePaperlessDocument {
    const id = pythonInt(pk);
    const doc = this.visibleDocuments(mustUser(api), ctx.query).find((d) => d.id === id);
    if (!doc) throw detail(404, 'No Document matches the given query.');
    return doc;
  }

  private documentDetailView(pk: string): DrfView {
    const write: Handler = (ctx) => notModelled(`${ctx.method} ${ctx.path}`);
    return {
      name: 'Document Instance',
      renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
      permission: { app: 'documents', model: 'document' },
      handlers: {
        GET: (ctx, api) => json(200, this.documentJson(this.getDocument(ctx, api, pk), mustUser(api), ctx.query)),
        PUT: write,
        PATCH: write,
        DELETE: write,
      },
    };
  }

  private documentFileView(pk: string, kind: 'download' | 'preview' | 'thumb'): DrfView {
    return {
      name: 'Document Instance',
      renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
      permission: { app: 'documents', model: 'document' },
      handlers: {
        GET: (ctx, api): Reply => {
          const doc = this.getDocument(ctx, api, pk);
          if (kind === 'thumb') return { status: 200, headers: { 'Content-Type': 'image/webp' }, body: Buffer.from(`RIFF fake thumbnail ${doc.id}`) };
          const disposition = kind === 'download' ? 'attachment' : 'inline';
          return {
            status: 200,
            headers: { 'Content-Type': doc.mime_type, 'Content-Disposition': `${disposition}; filename="${doc.original_file_name}"` },
            body: Buffer.from(`%PDF-1.4\n% fake document ${doc.id}: ${doc.title}\n%%EOF\n`),
          };
        },
      },
    };
  }

  /** Read-only empty lists for the simple router endpoints (their real permissions apply). */
  private stubView(stub: { app: string; model: string; objectName: string }, pk: string | undefined): DrfView {
    const write: Handler = (ctx) => notModelled(`${ctx.method} ${ctx.path}`);
    return {
      name: `${stub.objectName} ${pk === undefined ? 'List' : 'Instance'}`,
      renderers: [JSON_RENDERER, BROWSABLE_RENDERER],
      permission: { app: stub.app, model: stub.model },
      handlers:
        pk === undefined
          ? { GET: (ctx, api) => this.paginate(ctx, api, [], () => null), POST: write }
          : {
              GET: () => {
                throw detail(404, `No ${stub.objectName} matches the given query.`);
              },
              PUT: write,
              PATCH: write,
              DELETE: write,
            },
    };
  }

  // ----- pagination (StandardPagination) -----------------------------------------------------

  private paginate<T extends { id: number }>(ctx: Ctx, api: Api, items: T[], render: (item: T) => unknown): Reply {
    let size = 25;
    const sizeParam = lastParam(ctx.query, 'page_size');
    if (sizeParam !== undefined) {
      const n = pythonInt(sizeParam);
      if (n !== null && n > 0) size = Math.min(n, 100_000);
    }
    const pages = Math.max(1, Math.ceil(items.length / size));
    const pageParam = lastParam(ctx.query, 'page') || '1';
    const page = pageParam === 'last' ? pages : pythonInt(pageParam);
    if (page === null || page < 1 || page > pages) throw detail(404, 'Invalid page.');
    const url = `http://${ctx.meta.get('HTTP_HOST') ?? `${this.host}:${this.port}`}${ctx.url}`;
    const body: Record<string, unknown> = {
      count: items.length,
      next: page < pages ? replaceQueryParam(url, 'page', String(page + 1)) : null,
      previous: page > 1 ? replaceQueryParam(url, 'page', page - 1 === 1 ? null : String(page - 1)) : null,
    };
    if (Number(api.version) < 10) body.all = items.map((i) => i.id);
    body.results = items.slice((page - 1) * size, page * size).map(render);
    return json(200, body);
  }

  // ----- schema ------------------------------------------------------------------------------

  private readonly schemaView: DrfView = {
    name: 'Spectacular API',
    renderers: [
      { mediaType: 'application/vnd.oai.openapi', format: 'yaml' },
      { mediaType: 'application/yaml', format: 'yaml' },
      { mediaType: 'application/vnd.oai.openapi+json', format: 'json' },
      { mediaType: 'application/json', format: 'json' },
    ],
    permission: 'any',
    handlers: {
      GET: (_ctx, api) => {
        const doc = { openapi: '3.0.3', info: { title: 'Paperless-ngx REST API', version: '6.0.0' }, paths: {} };
        return api.renderer.format === 'json'
          ? json(200, doc, { 'Content-Type': api.renderer.mediaType })
          : {
              status: 200,
              headers: { 'Content-Type': 'application/vnd.oai.openapi; charset=utf-8' },
              body: 'openapi: 3.0.3\ninfo:\n  title: Paperless-ngx REST API\n  version: 6.0.0\npaths: {}\n',
            };
      },
    },
  };

  private readonly swaggerView: DrfView = {
    name: 'Spectacular Swagger',
    renderers: [{ mediaType: 'text/html', format: 'html' }],
    permission: 'any',
    handlers: { GET: () => html(200, '<!DOCTYPE html>\n<html>\n<head><title>Swagger</title></head>\n<body><div id="swagger-ui"></div></body>\n</html>\n') },
  };

  // ----- non-DRF Django views ----------------------------------------------------------------

  /** A plain Django view: CsrfViewMiddleware.process_view runs first for unsafe methods. */
  private djangoView(ctx: Ctx, view: () => Reply): Reply {
    if (!['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(ctx.method)) {
      const failure = this.csrfCheck(ctx);
      if (failure) return html(403, CSRF_FAILURE_HTML);
    }
    return view();
  }

  private csrfCheck(ctx: Ctx): string | null {
    const origin = ctx.meta.get('HTTP_ORIGIN');
    if (origin !== undefined && origin !== `http://${ctx.meta.get('HTTP_HOST') ?? ''}`)
      return `Origin checking failed - ${origin} does not match any trusted origins.`;
    const cookie = parseCookies(ctx.meta.get('HTTP_COOKIE')).get('csrftoken');
    const posted = ctx.method === 'POST' ? formField(ctx, 'csrfmiddlewaretoken') : undefined;
    if (posted) return csrfFailure(cookie, posted, 'POST');
    return csrfFailure(cookie, ctx.meta.get('HTTP_X_CSRFTOKEN'), "the 'X-Csrftoken' HTTP header");
  }

  private csrfCookie(ctx: Ctx): string {
    const existing = parseCookies(ctx.meta.get('HTTP_COOKIE')).get('csrftoken');
    const secret = existing && /^[a-zA-Z0-9]{32}$/.test(existing) ? existing : newCsrfSecret(randomBytes);
    return `csrftoken=${secret}; expires=${new Date(this.now() + 31_449_600_000).toUTCString()}; Max-Age=31449600; Path=/; SameSite=Lax`;
  }

  /** The SPA: login_required(ensure_csrf_cookie(IndexView)). */
  private index(ctx: Ctx): Reply {
    return this.djangoView(ctx, () => {
      if (!ctx.user) return redirect(`${LOGIN_URL}?next=${pythonQuote(ctx.url, '/')}`);
      return html(
        200,
        '<!doctype html>\n<html lang="en-US">\n<head><title>Paperless-ngx</title></head>\n<body><app-root>Loading...</app-root></body>\n</html>\n',
        {
          'Set-Cookie': this.csrfCookie(ctx),
        },
      );
    });
  }

  /** Django admin: staff only; /admin/login/ checks the password only (no Paperless MFA). */
  private adminSite(ctx: Ctx, rest: string): Reply {
    return this.djangoView(ctx, () => {
      const staff = ctx.user?.is_staff ? ctx.user : null;
      if (rest === 'login/') {
        if (staff) return redirect('/admin/');
        if (ctx.method === 'POST') {
          const user = this.passwordLogin(formField(ctx, 'username') ?? '', formField(ctx, 'password') ?? '');
          if (user?.is_staff) return redirect(lastParam(ctx.query, 'next') ?? '/admin/');
          return html(200, adminLoginHtml('Please enter the correct username and password for a staff account. Note that both fields may be case-sensitive.'), {
            'Set-Cookie': this.csrfCookie(ctx),
          });
        }
        return html(200, adminLoginHtml(null), { 'Set-Cookie': this.csrfCookie(ctx) });
      }
      if (rest === 'logout/') return redirect('/admin/login/');
      if (!staff) return redirect(`/admin/login/?next=${pythonQuote(ctx.url, '/')}`);
      return html(
        200,
        '<!DOCTYPE html>\n<html>\n<head><title>Site administration | Paperless-ngx</title></head>\n<body><h1>Paperless-ngx administration</h1></body>\n</html>\n',
      );
    });
  }

  /** allauth's login view (/accounts/login/ and /api/auth/login/): a form, not an API. */
  private allauthLogin(ctx: Ctx): Reply {
    return this.djangoView(ctx, () => {
      if (ctx.user) return redirect('/dashboard');
      if (ctx.method === 'POST') {
        const user = this.passwordLogin(formField(ctx, 'login') ?? '', formField(ctx, 'password') ?? '');
        if (user) return redirect(user.mfa ? '/accounts/2fa/authenticate/' : (lastParam(ctx.query, 'next') ?? '/dashboard'));
        return html(200, allauthLoginHtml('The username and/or password you specified are not correct.'), { 'Set-Cookie': this.csrfCookie(ctx) });
      }
      return html(200, allauthLoginHtml(null), { 'Set-Cookie': this.csrfCookie(ctx) });
    });
  }

  private allauthLogout(ctx: Ctx): Reply {
    return this.djangoView(ctx, () => redirect('/accounts/login/?loggedout=1'));
  }

  // ----- allauth headless "app" client (csrf-exempt JSON) ------------------------------------

  private headless(ctx: Ctx, rest: string): Reply {
    const body = (): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse(ctx.body.toString('utf8') || '{}');
        return isPlainObject(value) ? value : {};
      } catch {
        return {};
      }
    };
    const authenticated = (user: FakePaperlessUser, sessionToken: string) =>
      json(200, {
        status: 200,
        data: {
          user: { id: user.id, display: user.username, has_usable_password: user.password !== null, email: user.email, username: user.username },
          methods: [{ method: 'password', at: this.now() / 1000, username: user.username }],
        },
        meta: { is_authenticated: true, session_token: sessionToken, access_token: this.tokens.get(user.id) ?? this.setToken(user.username) },
      });
    const notAuthenticated = (sessionToken?: string, pendingMfa = false) =>
      json(401, {
        status: 401,
        data: { flows: [{ id: 'login' }, ...(pendingMfa ? [{ id: 'mfa_authenticate', is_pending: true }] : [])] },
        meta: { is_authenticated: false, ...(sessionToken ? { session_token: sessionToken } : {}) },
      });

    if (rest === 'app/v1/config' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      return json(200, {
        status: 200,
        data: {
          account: {
            login_methods: ['username'],
            is_open_for_signup: false,
            email_verification_by_code_enabled: false,
            login_by_code_enabled: false,
            password_reset_by_code_enabled: false,
          },
          socialaccount: { providers: [] },
          mfa: { supported_types: ['recovery_codes', 'totp'], passkey_login_enabled: false },
        },
      });
    }
    if (rest === 'app/v1/auth/login' && ctx.method === 'POST') {
      const input = body();
      const errors = ['username', 'password']
        .filter((field) => typeof input[field] !== 'string' || input[field] === '')
        .map((param) => ({ message: 'This field is required.', code: 'required', param }));
      if (errors.length) return json(400, { status: 400, errors });
      const user = this.passwordLogin(String(input.username), String(input.password));
      if (!user)
        return json(400, {
          status: 400,
          errors: [{ message: 'The username and/or password you specified are not correct.', code: 'username_password_mismatch', param: 'password' }],
        });
      const sessionToken = randomBytes(16).toString('hex');
      this.headlessSessions.set(sessionToken, { userId: user.id, pendingMfa: user.mfa });
      return user.mfa ? notAuthenticated(sessionToken, true) : authenticated(user, sessionToken);
    }
    if (rest === 'app/v1/auth/2fa/authenticate' && ctx.method === 'POST') {
      const sessionToken = ctx.meta.get('HTTP_X_SESSION_TOKEN') ?? '';
      const session = this.headlessSessions.get(sessionToken);
      const user = session && this.userList.find((u) => u.id === session.userId);
      if (!session || !user || !session.pendingMfa) return notAuthenticated();
      const code = body().code;
      if (typeof code !== 'string' || !this.checkTotp(user, code))
        return json(400, { status: 400, errors: [{ message: 'Incorrect code.', code: 'incorrect_code', param: 'code' }] });
      session.pendingMfa = false;
      return authenticated(user, sessionToken);
    }
    if (rest === 'app/v1/auth/session' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
      const sessionToken = ctx.meta.get('HTTP_X_SESSION_TOKEN') ?? '';
      const session = this.headlessSessions.get(sessionToken);
      const user = session && !session.pendingMfa ? this.userList.find((u) => u.id === session.userId) : undefined;
      return user?.is_active ? authenticated(user, sessionToken) : notAuthenticated();
    }
    return notModelled(`${ctx.method} ${ctx.path}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The simple router endpoints served as empty lists: prefix → model (for its permissions). */
const STUB_ENDPOINTS: Record<string, { app: string; model: string; objectName: string }> = {
  correspondents: { app: 'documents', model: 'correspondent', objectName: 'Correspondent' },
  document_types: { app: 'documents', model: 'documenttype', objectName: 'DocumentType' },
  tags: { app: 'documents', model: 'tag', objectName: 'Tag' },
  saved_views: { app: 'documents', model: 'savedview', objectName: 'SavedView' },
  storage_paths: { app: 'documents', model: 'storagepath', objectName: 'StoragePath' },
  custom_fields: { app: 'documents', model: 'customfield', objectName: 'CustomField' },
  share_links: { app: 'documents', model: 'sharelink', objectName: 'ShareLink' },
  share_link_bundles: { app: 'documents', model: 'sharelinkbundle', objectName: 'ShareLinkBundle' },
  workflows: { app: 'documents', model: 'workflow', objectName: 'Workflow' },
  workflow_triggers: { app: 'documents', model: 'workflowtrigger', objectName: 'WorkflowTrigger' },
  workflow_actions: { app: 'documents', model: 'workflowaction', objectName: 'WorkflowAction' },
  mail_accounts: { app: 'paperless_mail', model: 'mailaccount', objectName: 'MailAccount' },
  mail_rules: { app: 'paperless_mail', model: 'mailrule', objectName: 'MailRule' },
  processed_mail: { app: 'paperless_mail', model: 'processedmail', objectName: 'ProcessedMail' },
};

function assertCodename(codename: string): void {
  if (!isKnownCodename(codename))
    throw new Error(`fake Paperless: unknown permission codename "${codename}" (use codenames such as "view_document", without the app label)`);
}

function mustUser(api: Api): FakePaperlessUser {
  if (!api.user) throw new Error('fake Paperless: handler reached without a user');
  return api.user;
}

const nonField = (message: string) => new DrfError(400, { non_field_errors: [message] });

function lastParam(query: URLSearchParams, name: string): string | undefined {
  return query.getAll(name).at(-1);
}

function withParam(query: URLSearchParams, name: string, value: string): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.set(name, value);
  return copy;
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return text.trim() !== '';
  } catch {
    return false;
  }
}

/** A field of a form-encoded body (Django's request.POST), for the non-DRF views. */
function formField(ctx: Ctx, name: string): string | undefined {
  const type = parseMediaType(ctx.meta.get('CONTENT_TYPE') ?? '');
  const mediaType = `${type.main}/${type.sub}`;
  if (mediaType === 'application/x-www-form-urlencoded') return new URLSearchParams(ctx.body.toString('utf8')).getAll(name).at(-1);
  if (mediaType === 'multipart/form-data') {
    try {
      return parseMultipart(ctx.body, ctx.meta.get('CONTENT_TYPE') ?? '')
        .filter(([k]) => k === name)
        .at(-1)?.[1];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** ObfuscatedPasswordField: "*" × max(10, len(hash)); an unusable hash is "!" + 40 chars, a PBKDF2 hash (Django 5.2) 89. */
function obfuscatedPassword(user: FakePaperlessUser): string {
  const hashLength = user.password === null ? 41 : user.password === '' ? 0 : 89;
  return '*'.repeat(Math.max(10, hashLength));
}

/** PasswordValidationMixin._has_real_password: non-empty and not only asterisks. */
function hasRealPassword(value: unknown): value is string {
  return typeof value === 'string' && value.replaceAll('*', '') !== '';
}

/** PasswordValidationMixin.validate_password: Django's validators for a real new password. */
function checkNewPassword(value: unknown, user: FakePaperlessUser): unknown {
  if (typeof value !== 'string') {
    // Python: bool(value) and value.replace(...) → AttributeError on a truthy non-string.
    if (value === 0 || value === false || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0))
      return value;
    throw new ServerError('AttributeError: replace');
  }
  if (!hasRealPassword(value)) return value;
  const errors = validatePassword(value, user);
  if (errors.length) throw errors;
  return value;
}

function permissionSlug(value: unknown): string {
  if (typeof value === 'object' && value !== null) throw ['Invalid value.'];
  const codename = typeof value === 'string' ? value : value === null ? 'None' : value === true ? 'True' : value === false ? 'False' : String(value);
  if (!isKnownCodename(codename)) throw [`Object with codename=${codename} does not exist.`];
  return codename;
}

/** UserViewSet._parse_requested_bool: the flag if present and a valid boolean, else undefined. */
function requestedBool(data: RequestData, key: string): boolean | undefined {
  return dataHas(data, key) ? drfBool(dataGet(data, key)) : undefined;
}

/**
 * Serializer.run_validation: the data must be a dict; each field in order (errors collected per
 * field), with `validate_<field>` hooks after a field validates. Throws a 400 with the errors.
 */
function runSerializer(
  data: RequestData,
  partial: boolean,
  fields: FieldSpec[],
  hooks: Record<string, (value: unknown) => unknown> = {},
  resolve: { pk?: (v: unknown) => number | string; slug?: (v: unknown) => string } = {},
): Record<string, unknown> {
  if (data.kind === 'json' && !isPlainObject(data.value)) {
    if (data.value === null) throw nonField('This field may not be null.');
    throw nonField(`Invalid data. Expected a dictionary, but got ${pythonTypeName(data.value)}.`);
  }
  const values: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const field of fields) {
    try {
      let value = runField(data, field, partial, resolve);
      if (value === EMPTY) continue;
      const hook = hooks[field.name];
      if (hook) value = hook(value);
      values[field.name] = value;
    } catch (error) {
      if (Array.isArray(error)) errors[field.name] = error as string[];
      else throw error;
    }
  }
  if (Object.keys(errors).length) throw new DrfError(400, errors);
  return values;
}

/** UiSettingsViewSerializer's `settings` DictField (update_checking.backend_setting is never saved). */
function uiSettingsValue(data: RequestData): unknown {
  if (data.kind === 'json' && !isPlainObject(data.value)) {
    throw nonField(data.value === null ? 'This field may not be null.' : `Invalid data. Expected a dictionary, but got ${pythonTypeName(data.value)}.`);
  }
  let settings: unknown;
  if (data.kind === 'form') {
    const entries = data.fields.filter(([k]) => k.startsWith('settings.')).map(([k, v]) => [k.slice('settings.'.length), v] as const);
    if (entries.length === 0) return EMPTY;
    settings = Object.fromEntries(entries);
  } else {
    if (!dataHas(data, 'settings')) return EMPTY;
    settings = dataGet(data, 'settings');
  }
  if (settings === null) return null;
  if (!isPlainObject(settings)) throw new DrfError(400, { settings: [`Expected a dictionary of items but got type "${pythonTypeName(settings)}".`] });
  if ('update_checking' in settings) {
    if (!isPlainObject(settings.update_checking)) throw new ServerError('AttributeError: pop');
    delete settings.update_checking.backend_setting;
  }
  return settings;
}

/** ModelBackend.get_group_permissions: none for inactive users, every permission for a superuser. */
function groupPermissions(user: FakePaperlessUser, groups: FakePaperlessGroup[]): string[] {
  if (!user.is_active) return [];
  if (user.is_superuser) return PERMISSIONS.map((p) => p.codename);
  return sortCodenames(groups.filter((g) => user.groups.includes(g.id)).flatMap((g) => g.permissions));
}

/** user.get_all_permissions() with the app label stripped, as /api/ui_settings/ returns them. */
function allPermissions(user: FakePaperlessUser, groups: FakePaperlessGroup[]): string[] {
  if (!user.is_active) return [];
  return sortCodenames([...user.user_permissions, ...groupPermissions(user, groups)]);
}

/** User.has_perm('app.codename'): active superusers have every permission. */
function hasPerm(user: FakePaperlessUser, perm: string, groups: FakePaperlessGroup[]): boolean {
  if (!user.is_active) return false;
  if (user.is_superuser) return true;
  return [...user.user_permissions, ...groupPermissions(user, groups)].some((codename) => qualified(codename) === perm);
}

/** django-filter CharFilters `field__istartswith|iendswith|icontains|iexact` (value stripped; empty = no filter). */
function charFilter<T>(items: T[], query: URLSearchParams, field: string, get: (item: T) => string): T[] {
  let out = items;
  const lookups: Record<string, (value: string, wanted: string) => boolean> = {
    istartswith: (v, w) => v.startsWith(w),
    iendswith: (v, w) => v.endsWith(w),
    icontains: (v, w) => v.includes(w),
    iexact: (v, w) => v === w,
  };
  for (const [lookup, test] of Object.entries(lookups)) {
    const wanted = lastParam(query, `${field}__${lookup}`)?.trim();
    if (wanted) out = out.filter((item) => test(get(item).toLowerCase(), wanted.toLowerCase()));
  }
  return out;
}

/** The queryset order (Lower(field)) or OrderingFilter's `?ordering=field|-field`. */
function order<T extends { id: number }>(items: T[], query: URLSearchParams, field: string, get: (item: T) => string): T[] {
  const terms = (lastParam(query, 'ordering') ?? '').split(',').map((t) => t.trim());
  const term = terms.find((t) => t === field || t === `-${field}`);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  if (!term) return [...items].sort((a, b) => cmp(get(a).toLowerCase(), get(b).toLowerCase()) || a.id - b.id);
  const sign = term.startsWith('-') ? -1 : 1;
  return [...items].sort((a, b) => sign * cmp(get(a), get(b)) || a.id - b.id);
}

function adminLoginHtml(error: string | null): string {
  return `<!DOCTYPE html>\n<html>\n<head><title>Log in | Paperless-ngx</title></head>\n<body>\n${error ? `<p class="errornote">${error}</p>\n` : ''}<form method="post" id="login-form"><input type="text" name="username"><input type="password" name="password"><input type="submit" value="Log in"></form>\n</body>\n</html>\n`;
}

function allauthLoginHtml(error: string | null): string {
  return `<!doctype html>\n<html>\n<head><title>Paperless-ngx sign in</title></head>\n<body>\n${error ? `<div class="alert alert-danger">${error}</div>\n` : ''}<form method="post"><input type="text" name="login"><input type="password" name="password"><button type="submit">Sign in</button></form>\n</body>\n</html>\n`;
}
