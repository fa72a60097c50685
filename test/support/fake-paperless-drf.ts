/**
 * The small pieces of Django, Django REST framework (DRF) and allauth behaviour that the fake
 * Paperless-ngx server (fake-paperless.ts) imitates: request META keys, Accept-header content
 * negotiation and versioning, Python-style base64, query strings and ISO dates, DRF field
 * validation messages, Django's password validators and the Paperless permission catalogue.
 * A test double built from docs/paperless-facts.md and the sources it cites
 * (Paperless-ngx b0e0e8a3, DRF 751a19fe, django-allauth 20f4bded). Never shipped.
 */

// ---------------------------------------------------------------------------------------------
// Errors a DRF view raises: rendered by the fake as DRF's exception handler would.
// ---------------------------------------------------------------------------------------------

/** An APIException: `body` is the JSON payload ({"detail":…} or a field-error dict). */
export class DrfError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'detail' in body ? String((body as { detail: unknown }).detail) : `HTTP ${status}`);
  }
}

export const detail = (status: number, message: string, headers?: Record<string, string>) => new DrfError(status, { detail: message }, headers);

/** An uncaught Python exception: Django answers its plain 500 page (DEBUG off). */
export class ServerError extends Error {}

export const DJANGO_500_HTML =
  '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n';

// ---------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------

/**
 * Django's request.META from Node's raw header list, as the ASGI handler builds it:
 * `HTTP_` + upper-case name with `-` → `_` (so `Remote-User` and `Remote_User` share a key),
 * repeated headers joined with `,` (cookies with `; `), CONTENT_TYPE/CONTENT_LENGTH unprefixed.
 * Also the per-request record: lower-case names, duplicates joined with `, `.
 */
export function headerMaps(rawHeaders: string[]): { meta: Map<string, string>; record: Record<string, string> } {
  const meta = new Map<string, string>();
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    let value = rawHeaders[i + 1] ?? '';
    record[name] = name in record ? `${record[name]}, ${value}` : value;
    const key = name === 'content-length' ? 'CONTENT_LENGTH' : name === 'content-type' ? 'CONTENT_TYPE' : `HTTP_${name.toUpperCase().replaceAll('-', '_')}`;
    const previous = meta.get(key);
    if (key === 'HTTP_COOKIE') {
      value = value.replace(/[; ]+$/, '');
      if (previous !== undefined) value = `${previous}; ${value}`;
    } else if (previous !== undefined) {
      value = `${previous},${value}`;
    }
    meta.set(key, value);
  }
  return { meta, record };
}

/** A header name as given in the options (`remote-user`, `X-Forwarded-User` or `HTTP_X_…`) → its META key. */
export function metaKey(headerName: string): string {
  return headerName.startsWith('HTTP_') ? headerName : `HTTP_${headerName.toUpperCase().replaceAll('-', '_')}`;
}

export function parseCookies(cookieHeader: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

/** bytes.split() on a latin-1 header value: ASCII whitespace only. */
export function splitAuthorization(value: string | undefined): string[] {
  return (value ?? '').split(/[ \t\n\r\x0b\x0c]+/).filter((part) => part !== '');
}

/** Decodes latin-1 header bytes as strict UTF-8 (Python's bytes.decode()), or null. */
export function latin1ToUtf8(value: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Media types, content negotiation and Accept-header versioning (DRF negotiation.py, mediatypes.py)
// ---------------------------------------------------------------------------------------------

export type MediaType = { main: string; sub: string; params: Map<string, string> };

/** Django's parse_header_parameters: the type lower-cased, parameter names lower-cased, quotes removed. */
export function parseMediaType(text: string): MediaType {
  const [head = '', ...rest] = text.split(';');
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replaceAll('\\\\', '\\').replaceAll('\\"', '"');
    params.set(part.slice(0, eq).trim().toLowerCase(), value);
  }
  const full = head.trim().toLowerCase();
  const slash = full.indexOf('/');
  return { main: slash < 0 ? full : full.slice(0, slash), sub: slash < 0 ? '' : full.slice(slash + 1), params };
}

function precedence(type: MediaType): number {
  if (type.main === '*') return 0;
  if (type.sub === '*') return 1;
  if (type.params.size === 0 || (type.params.size === 1 && type.params.has('q'))) return 2;
  return 3;
}

/** DRF media_type_matches(lhs, rhs): lhs's parameters must appear in rhs; `*` matches anything. */
function mediaTypeMatches(lhs: MediaType, rhs: MediaType): boolean {
  for (const [key, value] of lhs.params) if (key !== 'q' && rhs.params.get(key) !== value) return false;
  if (lhs.sub !== '*' && rhs.sub !== '*' && rhs.sub !== lhs.sub) return false;
  if (lhs.main !== '*' && rhs.main !== '*' && rhs.main !== lhs.main) return false;
  return true;
}

export type Renderer = { mediaType: string; format: string };

export const JSON_RENDERER: Renderer = { mediaType: 'application/json', format: 'json' };
/** The browsable API. The fake still answers JSON when it is chosen (see fake-paperless.ts). */
export const BROWSABLE_RENDERER: Renderer = { mediaType: 'text/html', format: 'api' };

/**
 * DefaultContentNegotiation.select_renderer followed by AcceptHeaderVersioning.determine_version.
 * The accepted media type carries the client's parameters (even for `*\/*; version=8`), and the
 * version is its `version` parameter, else the default.
 */
export function negotiate(
  accept: string | undefined,
  formatParam: string | null,
  renderers: Renderer[],
): { renderer: Renderer; version: string | undefined } | 'not-found' | 'not-acceptable' {
  let candidates = renderers;
  if (formatParam) {
    candidates = renderers.filter((r) => r.format === formatParam);
    if (candidates.length === 0) return 'not-found';
  }
  const accepts = (accept ?? '*/*').split(',').map((token) => token.trim());
  const groups: string[][] = [[], [], [], []];
  for (const token of accepts) groups[3 - precedence(parseMediaType(token))]?.push(token);
  for (const group of groups) {
    for (const renderer of candidates) {
      for (const token of group) {
        const client = parseMediaType(token);
        if (mediaTypeMatches(parseMediaType(renderer.mediaType), client)) return { renderer, version: client.params.get('version') };
      }
    }
  }
  return 'not-acceptable';
}

/** DRF select_parser: the first parser whose media type matches the request's Content-Type. */
export function selectParser(contentType: string, parsers: string[]): string | undefined {
  const request = parseMediaType(contentType);
  return parsers.find((parser) => mediaTypeMatches(parseMediaType(parser), request));
}

// ---------------------------------------------------------------------------------------------
// Python-compatible encodings
// ---------------------------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.b64decode(s) (binascii.a2b_base64, non-strict): skips stray characters, checks padding. */
export function pythonB64decode(text: string): Buffer | null {
  const out: number[] = [];
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (const ch of text) {
    if (ch === '=') {
      pads += 1;
      if (quad >= 2 && quad + pads >= 4) return Buffer.from(out);
      continue;
    }
    const value = B64.indexOf(ch);
    if (value < 0 || ch.length !== 1) continue;
    pads = 0;
    if (quad === 0) {
      quad = 1;
      left = value;
    } else if (quad === 1) {
      quad = 2;
      out.push(((left << 2) | (value >> 4)) & 0xff);
      left = value & 0x0f;
    } else if (quad === 2) {
      quad = 3;
      out.push(((left << 4) | (value >> 2)) & 0xff);
      left = value & 0x03;
    } else {
      quad = 0;
      out.push(((left << 6) | value) & 0xff);
      left = 0;
    }
  }
  return quad === 0 ? Buffer.from(out) : null;
}

/** urllib.parse.quote(text, safe): UTF-8, unreserved `A-Za-z0-9_.-~` plus `safe` kept. */
export function pythonQuote(text: string, safe = '/'): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~]/.test(ch) || (byte < 128 && safe.includes(ch)) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const quotePlus = (text: string) => pythonQuote(text, ' ').replaceAll(' ', '+');

/**
 * DRF's replace_query_param / remove_query_param: parse_qs(keep_blank_values), set or drop the
 * key, then urlencode(sorted(...), doseq=True) — so the keys of a next/previous link come out sorted.
 */
export function replaceQueryParam(url: string, key: string, value: string | null): string {
  const q = url.indexOf('?');
  const base = q < 0 ? url : url.slice(0, q);
  const grouped = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : url.slice(q + 1))) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  if (value === null) grouped.delete(key);
  else grouped.set(key, [value]);
  const keys = [...grouped.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const query = keys.flatMap((k) => (grouped.get(k) ?? []).map((v) => `${quotePlus(k)}=${quotePlus(v)}`)).join('&');
  return query ? `${base}?${query}` : base;
}

/** datetime.isoformat() of an aware UTC datetime as DRF renders it: microseconds, `Z`. */
export function pythonIsoformat(ms: number): string {
  const iso = new Date(ms).toISOString();
  const millis = iso.slice(20, 23);
  return millis === '000' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${millis}000Z`;
}

/** int(text) as Python parses a query-string integer: optional sign, surrounding whitespace, `_` between digits. */
export function pythonInt(text: string): number | null {
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(text);
  return m ? Number(`${m[1]}${(m[2] ?? '').replaceAll('_', '')}`) : null;
}

/** json.dumps-style string of a DRF JSONRenderer (compact, UTF-8, U+2028/9 escaped). */
export function renderJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** Python's type(x).__name__ for a parsed JSON value. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

// ---------------------------------------------------------------------------------------------
// Request data (DRF request.data) and serializer fields
// ---------------------------------------------------------------------------------------------

/**
 * request.data after DRF's parsers: `form` is a QueryDict (HTML input: booleans default to false
 * and many-fields to [] when absent); `json` is whatever the JSON body held.
 */
export type RequestData = { kind: 'form'; fields: Array<[string, string]> } | { kind: 'json'; value: unknown };

export const EMPTY = Symbol('empty');
type Empty = typeof EMPTY;

export function dataHas(data: RequestData, name: string): boolean {
  if (data.kind === 'form') return data.fields.some(([k]) => k === name);
  return isPlainObject(data.value) && Object.hasOwn(data.value, name);
}

/** data.get(name): a QueryDict returns the last value. */
export function dataGet(data: RequestData, name: string): unknown {
  if (data.kind === 'form') return data.fields.filter(([k]) => k === name).at(-1)?.[1];
  return isPlainObject(data.value) ? data.value[name] : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a multipart/form-data body into its text fields (file parts keep their raw text). */
export function parseMultipart(body: Buffer, contentType: string): Array<[string, string]> {
  const boundary = parseMediaType(contentType).params.get('boundary');
  if (!boundary) throw new DrfError(400, { detail: 'Multipart form parse error - Invalid boundary in multipart: None' });
  const fields: Array<[string, string]> = [];
  const parts = body.toString('latin1').split(`--${boundary}`);
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    if (name === undefined) continue;
    const value = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    fields.push([name, value]);
  }
  return fields;
}

/** What a serializer field needs to know about itself. */
export type FieldSpec = {
  name: string;
  kind: 'char' | 'email' | 'password' | 'bool' | 'pk-list' | 'slug-list';
  required?: boolean;
  allowBlank?: boolean;
  trim?: boolean;
  maxLength?: number;
};

const TRUE_VALUES = new Set<unknown>(['t', 'y', 'yes', 'true', 'on', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>(['f', 'n', 'no', 'false', 'off', '0', 0, false]);

/** BooleanField.to_internal_value: true / false / undefined (invalid). */
export function drfBool(value: unknown): boolean | undefined {
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  if (TRUE_VALUES.has(v)) return true;
  if (FALSE_VALUES.has(v)) return false;
  return undefined;
}

/** Python str() of a JSON scalar. */
function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const pyLen = (text: string) => Array.from(text).length;

/**
 * Field.get_value + run_validation for one field: returns the validated value, EMPTY when the field
 * is to be skipped, or throws the list of messages for it.
 */
export function runField(
  data: RequestData,
  spec: FieldSpec,
  partial: boolean,
  resolve: { pk?: (v: unknown) => number | string; slug?: (v: unknown) => string } = {},
): unknown {
  const many = spec.kind === 'pk-list' || spec.kind === 'slug-list';
  let value: unknown | Empty;
  if (data.kind === 'form') {
    const present = dataHas(data, spec.name);
    if (many) value = !present && partial ? EMPTY : data.fields.filter(([k]) => k === spec.name).map(([, v]) => v);
    else if (!present) value = partial ? EMPTY : spec.kind === 'bool' ? false : EMPTY;
    else {
      value = dataGet(data, spec.name);
      if (value === '' && !spec.required) value = spec.allowBlank ? '' : EMPTY;
    }
  } else {
    value = dataHas(data, spec.name) ? dataGet(data, spec.name) : EMPTY;
  }
  if (value === EMPTY) {
    if (partial || !spec.required) return EMPTY;
    throw ['This field is required.'];
  }
  if (value === null) throw ['This field may not be null.'];
  switch (spec.kind) {
    case 'bool': {
      const b = drfBool(value);
      if (b === undefined) throw ['Must be a valid boolean.'];
      return b;
    }
    case 'pk-list':
    case 'slug-list': {
      if (!Array.isArray(value)) throw [`Expected a list of items but got type "${pythonTypeName(value)}".`];
      const out: unknown[] = [];
      for (const item of value) out.push(spec.kind === 'pk-list' ? resolve.pk?.(item) : resolve.slug?.(item));
      return out;
    }
    default: {
      const blank = value === '' || ((spec.trim ?? true) && typeof value !== 'object' && pythonStr(value).trim() === '');
      if (blank) {
        if (!spec.allowBlank) throw ['This field may not be blank.'];
        return '';
      }
      if (spec.kind === 'password') return value; // ObfuscatedPasswordField.to_internal_value returns the input as-is
      if (typeof value === 'boolean' || !(typeof value === 'string' || typeof value === 'number')) throw ['Not a valid string.'];
      const text = (spec.trim ?? true) ? pythonStr(value).trim() : pythonStr(value);
      // CharField appends its MaxLengthValidator before EmailField appends the EmailValidator.
      const errors: string[] = [];
      if (spec.maxLength !== undefined && pyLen(text) > spec.maxLength) errors.push(`Ensure this field has no more than ${spec.maxLength} characters.`);
      if (spec.kind === 'email' && !isValidEmail(text)) errors.push('Enter a valid email address.');
      if (errors.length) throw errors;
      return text;
    }
  }
}

/** Django's EmailValidator (ASCII domains; `localhost` allowed). */
export function isValidEmail(value: string): boolean {
  if (!value?.includes('@') || value.length > 320) return false;
  const at = value.lastIndexOf('@');
  const user = value.slice(0, at);
  const domain = value.slice(at + 1);
  const userOk =
    /^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$/i.test(user) ||
    /^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0d-\x7f])*"$/i.test(user);
  if (!userOk) return false;
  if (domain === 'localhost') return true;
  return /^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63}(?<!-))$/i.test(domain) || /^\[[0-9a-f:.]+\]$/i.test(domain);
}

/** UnicodeUsernameValidator: `^[\w.@+-]+\Z`. */
export function isValidUsername(value: string): boolean {
  return /^[\p{L}\p{N}_.@+-]+$/u.test(value);
}

// ---------------------------------------------------------------------------------------------
// Django's AUTH_PASSWORD_VALIDATORS (Paperless enables all four defaults)
// ---------------------------------------------------------------------------------------------

/**
 * A sample of django/contrib/auth/common-passwords.txt.gz (the real list has 20,000 entries;
 * only the best known are here).
 */
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '1234',
  '12345',
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '111111',
  '000000',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  '1q2w3e4r',
  '1qaz2wsx',
  'zaq12wsx',
  'abc123',
  'iloveyou',
  'admin',
  'welcome',
  'letmein',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'trustno1',
  'passw0rd',
  'superman',
  'master',
  'shadow',
  'michael',
  'jennifer',
  'changeme',
  'starwars',
  'whatever',
  'computer',
  'internet',
  'asdfghjkl',
]);

const SIMILARITY_ATTRIBUTES: Array<[keyof PasswordUser, string]> = [
  ['username', 'username'],
  ['first_name', 'first name'],
  ['last_name', 'last name'],
  ['email', 'email address'],
];

type PasswordUser = { username: string; first_name: string; last_name: string; email: string };

/** difflib.SequenceMatcher(a, b).quick_ratio(). */
function quickRatio(a: string, b: string): number {
  const aChars = Array.from(a);
  const bChars = Array.from(b);
  const full = new Map<string, number>();
  for (const ch of bChars) full.set(ch, (full.get(ch) ?? 0) + 1);
  const avail = new Map<string, number>();
  let matches = 0;
  for (const ch of aChars) {
    const n = avail.has(ch) ? (avail.get(ch) ?? 0) : (full.get(ch) ?? 0);
    avail.set(ch, n - 1);
    if (n > 0) matches += 1;
  }
  const length = aChars.length + bChars.length;
  return length ? (2 * matches) / length : 1;
}

/** django.contrib.auth.password_validation.validate_password: every failing validator's message, in order. */
export function validatePassword(password: string, user: PasswordUser | null): string[] {
  const errors: string[] = [];
  const lower = password.toLowerCase();
  if (user) {
    outer: for (const [attribute, verboseName] of SIMILARITY_ATTRIBUTES) {
      const value = user[attribute];
      if (!value) continue;
      const valueLower = value.toLowerCase();
      for (const part of [...valueLower.split(/[^\p{L}\p{N}_]+/u), valueLower]) {
        const pwdLen = pyLen(lower);
        const partLen = pyLen(part);
        if (pwdLen >= 10 * partLen && partLen < (0.7 / 2) * pwdLen) continue;
        if (quickRatio(lower, part) >= 0.7) {
          errors.push(`The password is too similar to the ${verboseName}.`);
          break outer;
        }
      }
    }
  }
  if (pyLen(password) < 8) errors.push('This password is too short. It must contain at least 8 characters.');
  if (COMMON_PASSWORDS.has(lower.trim())) errors.push('This password is too common.');
  if (/^\p{Nd}+$/u.test(password)) errors.push('This password is entirely numeric.');
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

/** Models per app whose default add/change/delete/view permissions exist in a Paperless database (admin's excluded, as the serializers exclude them). */
const MODELS: Record<string, string[]> = {
  account: ['emailaddress', 'emailconfirmation'],
  auditlog: ['logentry'],
  auth: ['group', 'permission', 'user'],
  authtoken: ['token', 'tokenproxy'],
  contenttypes: ['contenttype'],
  documents: [
    'correspondent',
    'customfield',
    'customfieldinstance',
    'document',
    'documenttype',
    'note',
    'paperlesstask',
    'savedview',
    'savedviewfilterrule',
    'sharelink',
    'sharelinkbundle',
    'storagepath',
    'tag',
    'uisettings',
    'workflow',
    'workflowaction',
    'workflowactionemail',
    'workflowactionwebhook',
    'workflowrun',
    'workflowtrigger',
  ],
  guardian: ['groupobjectpermission', 'userobjectpermission'],
  mfa: ['authenticator'],
  paperless: ['applicationconfiguration'],
  paperless_mail: ['mailaccount', 'mailrule', 'processedmail'],
  sessions: ['session'],
  socialaccount: ['socialaccount', 'socialapp', 'socialtoken'],
};

export type Permission = { app: string; model: string; codename: string };

/** Every permission (ordered as Permission.Meta.ordering: app label, model, codename). */
export const PERMISSIONS: Permission[] = Object.entries(MODELS)
  .flatMap(([app, models]) => models.flatMap((model) => ['add', 'change', 'delete', 'view'].map((action) => ({ app, model, codename: `${action}_${model}` }))))
  .concat([
    { app: 'paperless', model: 'applicationconfiguration', codename: 'view_global_statistics' },
    { app: 'paperless', model: 'applicationconfiguration', codename: 'view_system_monitoring' },
  ])
  .sort((a, b) => (`${a.app} ${a.model} ${a.codename}` < `${b.app} ${b.model} ${b.codename}` ? -1 : 1));

const BY_CODENAME = new Map(PERMISSIONS.map((p) => [p.codename, p]));

export const isKnownCodename = (codename: string) => BY_CODENAME.has(codename);

/** `app_label.codename` for a codename. */
export function qualified(codename: string): string {
  const p = BY_CODENAME.get(codename);
  return p ? `${p.app}.${p.codename}` : codename;
}

/** Codenames in Permission ordering. */
export function sortCodenames(codenames: Iterable<string>): string[] {
  const order = new Map(PERMISSIONS.map((p, i) => [p.codename, i]));
  return [...new Set(codenames)].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Django CSRF (for the few non-DRF views the fake serves: admin and allauth login forms)
// ---------------------------------------------------------------------------------------------

const CSRF_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newCsrfSecret(random: (n: number) => Buffer): string {
  return Array.from(random(32), (b) => CSRF_CHARS[b % CSRF_CHARS.length]).join('');
}

/** CsrfViewMiddleware._check_token: null when the token matches the cookie, else Django's reason. */
export function csrfFailure(cookie: string | undefined, token: string | undefined, source: 'POST' | "the 'X-Csrftoken' HTTP header"): string | null {
  if (!cookie || !/^[a-zA-Z0-9]{32}$|^[a-zA-Z0-9]{64}$/.test(cookie)) return 'CSRF cookie not set.';
  if (!token) return 'CSRF token missing.';
  if (token.length !== 32 && token.length !== 64) return `CSRF token from ${source} has incorrect length.`;
  if (!/^[a-zA-Z0-9]+$/.test(token)) return `CSRF token from ${source} has invalid characters.`;
  const unmask = (t: string) =>
    t.length === 32
      ? t
      : Array.from(t.slice(32), (ch, i) => CSRF_CHARS[(CSRF_CHARS.indexOf(ch) - CSRF_CHARS.indexOf(t[i] ?? 'a') + CSRF_CHARS.length) % CSRF_CHARS.length]).join(
          '',
        );
  return unmask(token) === unmask(cookie) ? null : `CSRF token from ${source} incorrect.`;
}
