/**
 * An OpenID Connect client as an admin enters it, checked and put into its one canonical form
 * (TClientInput), with one message per field. Shared by the form (client) and the actions and
 * use cases (server): nothing server-only here.
 *
 * Rules beyond each field's own: a public client authenticates with `none` and always uses PKCE
 * (RFC 9700 §2.1.1); a confidential one with client_secret_basic or client_secret_post; `openid`
 * is always among its scopes; app schemes and loopback redirects are for public (native) clients
 * only (RFC 8252); the back-channel logout address rule is in redirect-uri.ts.
 */
import { z } from 'zod';
import { fieldErrorsOf } from '../../policy/field-errors';
import { OIDC_SCOPES, type OidcScope } from '../scopes';
import { canonicalRedirectList, canonicalRedirectUri } from './redirect-uri';
import { AUTH_METHODS, CLIENT_TEMPLATES, CLIENT_TYPES, ID_TOKEN_ALGS, LIFETIMES, type TClientInput, type TLifetimeField } from './types';

export const MAX_REDIRECT_URIS = 20;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The form's fields as the browser sends them (sizes only; the meaning is checked by parseClientInput).
 * No field name says "token", "secret" or "code": the action pipeline never echoes such fields back
 * into a refused form (lib/actions/safe-action.ts), and these must come back as typed.
 */
export type TClientFormFields = {
  name: string;
  template: string;
  type: string;
  authMethod: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string;
  requirePkce: boolean;
  scopes: string[];
  signingAlg: string;
  idClaims: boolean;
  firstParty: boolean;
  accessLifetime: string;
  idLifetime: string;
  refreshLifetime: string;
};

/** The form's name of each client field whose name differs. */
const FORM_NAMES: Record<string, keyof TClientFormFields> = {
  tokenEndpointAuthMethod: 'authMethod',
  idTokenAlg: 'signingAlg',
  claimsInIdToken: 'idClaims',
  accessTokenTtl: 'accessLifetime',
  idTokenTtl: 'idLifetime',
  refreshTokenTtl: 'refreshLifetime',
};

const text = (max: number) => z.string().max(max, `At most ${max} characters.`).default('');
const checkbox = z
  .enum(['on'])
  .optional()
  .transform((value) => value === 'on');

/** What the actions accept from the browser. */
export const ZClientFormFields = z.object({
  name: text(200),
  template: text(40),
  type: text(40),
  authMethod: text(40),
  redirectUris: text(45_000),
  postLogoutRedirectUris: text(45_000),
  backchannelLogoutUri: text(2100),
  requirePkce: checkbox,
  scopes: z
    .union([z.string().max(40), z.array(z.string().max(40)).max(10)])
    .default([])
    .transform((value) => (Array.isArray(value) ? value : [value])),
  signingAlg: text(20),
  idClaims: checkbox,
  firstParty: checkbox,
  accessLifetime: text(20),
  idLifetime: text(20),
  refreshLifetime: text(20),
});

const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The raw input for parseClientInput, from the form's fields. */
export function clientFromFields(fields: TClientFormFields) {
  return {
    name: fields.name,
    template: fields.template,
    type: fields.type,
    tokenEndpointAuthMethod: fields.authMethod,
    redirectUris: lines(fields.redirectUris),
    postLogoutRedirectUris: lines(fields.postLogoutRedirectUris),
    backchannelLogoutUri: fields.backchannelLogoutUri.trim() === '' ? null : fields.backchannelLogoutUri.trim(),
    requirePkce: fields.requirePkce,
    scopes: fields.scopes.filter(Boolean),
    idTokenAlg: fields.signingAlg,
    claimsInIdToken: fields.idClaims,
    firstParty: fields.firstParty,
    accessTokenTtl: fields.accessLifetime.trim(),
    idTokenTtl: fields.idLifetime.trim(),
    refreshTokenTtl: fields.refreshLifetime.trim(),
  };
}

/** The form's fields for a client (or a template's defaults). */
export function fieldsFromClient(client: TClientInput): TClientFormFields {
  return {
    name: client.name,
    template: client.template,
    type: client.type,
    authMethod: client.tokenEndpointAuthMethod,
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    backchannelLogoutUri: client.backchannelLogoutUri ?? '',
    requirePkce: client.requirePkce,
    scopes: [...client.scopes],
    signingAlg: client.idTokenAlg,
    idClaims: client.claimsInIdToken,
    firstParty: client.firstParty,
    accessLifetime: String(client.accessTokenTtl),
    idLifetime: String(client.idTokenTtl),
    refreshLifetime: String(client.refreshTokenTtl),
  };
}

function describeSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
}

const lifetime = (field: TLifetimeField) => {
  const [min, max] = LIFETIMES[field];
  const message = `Enter a whole number of seconds from ${min} (${describeSeconds(min)}) to ${max} (${describeSeconds(max)}).`;
  return z.union([z.number(), z.string()]).transform((raw, context) => {
    const value = typeof raw === 'number' ? raw : /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
};

const uriList = (label: string) => z.array(z.string()).max(MAX_REDIRECT_URIS, `At most ${MAX_REDIRECT_URIS} ${label}.`).default([]);

const ZClientShape = z.object({
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(1, 'Enter a name, such as “Paperless”.')
    .max(80, 'A name has at most 80 characters.')
    .refine((name) => !CONTROL.test(name), 'A name cannot contain control characters.'),
  template: z.enum(CLIENT_TEMPLATES, { error: 'Choose what this client is for.' }),
  type: z.enum(CLIENT_TYPES, { error: 'Choose confidential (a server with a secret) or public (a phone or desktop app).' }),
  tokenEndpointAuthMethod: z.enum(AUTH_METHODS, { error: 'Choose how the app proves it is this client.' }),
  redirectUris: uriList('redirect URIs'),
  postLogoutRedirectUris: uriList('addresses after sign-out'),
  backchannelLogoutUri: z.string().nullable().default(null),
  requirePkce: z.boolean().default(true),
  scopes: z.array(z.string()).max(OIDC_SCOPES.length * 2, 'Too many scopes.'),
  idTokenAlg: z.enum(ID_TOKEN_ALGS, { error: 'Choose RS256 or ES256.' }),
  claimsInIdToken: z.boolean().default(true),
  firstParty: z.boolean().default(false),
  accessTokenTtl: lifetime('accessTokenTtl'),
  idTokenTtl: lifetime('idTokenTtl'),
  refreshTokenTtl: lifetime('refreshTokenTtl'),
});

/** The cross-field rules, once each field is fine on its own; adds field errors to `errors`. */
function canonicalise(shape: z.output<typeof ZClientShape>, errors: Record<string, string>): TClientInput {
  const kind = shape.type === 'public' ? 'native' : 'web';
  const redirects = canonicalRedirectList(shape.redirectUris, kind);
  if (!redirects.ok) errors.redirectUris = redirects.message;
  else if (redirects.uris.length === 0) errors.redirectUris = 'Enter at least one redirect URI: where the app receives the sign-in.';
  const logouts = canonicalRedirectList(shape.postLogoutRedirectUris, kind);
  if (!logouts.ok) errors.postLogoutRedirectUris = logouts.message;
  let backchannel: string | null = null;
  if (shape.backchannelLogoutUri !== null && shape.backchannelLogoutUri.trim() !== '') {
    const checked = canonicalRedirectUri(shape.backchannelLogoutUri, 'backchannel');
    if (checked.ok) backchannel = checked.uri;
    else errors.backchannelLogoutUri = checked.message;
  }
  if (shape.type === 'public' && shape.tokenEndpointAuthMethod !== 'none')
    errors.tokenEndpointAuthMethod = 'A public client has no secret: it authenticates with “none” (and PKCE).';
  if (shape.type === 'confidential' && shape.tokenEndpointAuthMethod === 'none')
    errors.tokenEndpointAuthMethod = 'A confidential client sends its secret: choose client_secret_basic or client_secret_post.';
  if (shape.type === 'public' && !shape.requirePkce) errors.requirePkce = 'A public client always uses PKCE: it has no secret to prove itself with.';
  const unknown = shape.scopes.find((scope) => !(OIDC_SCOPES as readonly string[]).includes(scope));
  if (unknown !== undefined) errors.scopes = `${JSON.stringify(unknown.slice(0, 40))} is not a scope Gatehouse offers (${OIDC_SCOPES.join(', ')}).`;
  else if (!shape.scopes.includes('openid')) errors.scopes = 'openid is always allowed: it is what makes a sign-in OpenID Connect.';
  const scopes = OIDC_SCOPES.filter((scope) => shape.scopes.includes(scope)) as OidcScope[];
  return {
    ...shape,
    redirectUris: redirects.ok ? redirects.uris : [],
    postLogoutRedirectUris: logouts.ok ? logouts.uris : [],
    backchannelLogoutUri: backchannel,
    scopes,
  };
}

/** `value` as a canonical client, or one message per field. */
export function parseClientInput(value: unknown): { ok: true; input: TClientInput } | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = ZClientShape.safeParse(value);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const errors: Record<string, string> = {};
  const input = canonicalise(parsed.data, errors);
  return Object.keys(errors).length ? { ok: false, fieldErrors: errors } : { ok: true, input };
}

/** The client form as the admin sent it: the canonical input, or one message per form field (by the form's names). */
export function validateClientForm(fields: TClientFormFields): { ok: true; input: TClientInput } | { ok: false; fieldErrors: Record<string, string> } {
  const checked = parseClientInput(clientFromFields(fields));
  if (checked.ok) return checked;
  return { ok: false, fieldErrors: Object.fromEntries(Object.entries(checked.fieldErrors).map(([field, message]) => [FORM_NAMES[field] ?? field, message])) };
}
