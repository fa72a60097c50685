/**
 * What the consent screen (/consent/<uid>) shows: which app asks, through which client, to read
 * what, and where the browser goes back to. Read from oidc-provider's stored Interaction (the
 * OidcPayload row, model 'Interaction', id = uid) and the client it names; anything unexpected,
 * unknown, or expired is one "not valid" answer, so a made-up or stale uid learns nothing.
 * The screen is only for the user the provider session already names (if it names one).
 */
import type { DbOrTx } from '../../db';
import { APP_DISPLAY_SELECT, appDisplayOf, scopesInWords, type AppDisplay, type ScopeInWords } from './consent-display';
import { INTERACTION_UID, parseInteractionPayload, requestedScopes } from './interaction-payload';
import { z } from 'zod';

/** Where the app sends the browser back to: a web address's host, an app on this device (loopback), or an app's own link scheme. */
export type ReturnTarget = { kind: 'web'; host: string } | { kind: 'loopback'; host: string } | { kind: 'app'; scheme: string };

export type ConsentRequest =
  | { status: 'invalid' }
  /** The provider session names another account than the signed-in user. */
  | { status: 'other-account' }
  | {
      status: 'ready';
      uid: string;
      application: AppDisplay;
      client: { id: string; name: string };
      /** What it may read: openid always, then what it asks for and is allowed, in the vocabulary's order. */
      scopes: ScopeInWords[];
      /** offline_access asked and allowed: it keeps access (a refresh token) until revoked. */
      offlineAccess: boolean;
      returnTo: ReturnTarget;
      expiresAt: Date;
    };

const INVALID = { status: 'invalid' } as const;
const stringList = z.array(z.string().max(2000)).max(100);
/** RFC 8252 §7.3: a native app's loopback redirect may use any port. https://www.rfc-editor.org/rfc/rfc8252#section-7.3 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function readList(raw: string): string[] | null {
  try {
    const parsed = stringList.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function withoutLoopbackPort(uri: string): string | null {
  const url = URL.parse(uri);
  if (url?.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  url.port = '';
  return url.href;
}

/** The redirect the request names, when the client registered it (exactly; loopback with any port for public clients, as oidc-provider allows native apps). */
function registeredRedirect(requested: string | undefined, registered: string[], publicClient: boolean): URL | null {
  const uri = requested ?? (registered.length === 1 ? registered[0] : undefined);
  if (!uri) return null;
  const loose = publicClient ? withoutLoopbackPort(uri) : null;
  const ok = registered.includes(uri) || (loose !== null && registered.some((r) => withoutLoopbackPort(r) === loose));
  return ok ? URL.parse(uri) : null;
}

function returnTargetOf(url: URL): ReturnTarget {
  if (url.protocol === 'https:' || url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname) ? { kind: 'loopback', host: url.host } : { kind: 'web', host: url.host };
  }
  return { kind: 'app', scheme: url.protocol.slice(0, -1) };
}

export async function describeConsentRequest(db: DbOrTx, input: { uid: string; userId: string; now?: Date }): Promise<ConsentRequest> {
  const now = input.now ?? new Date();
  if (!INTERACTION_UID.test(input.uid)) return INVALID;
  const row = await db.oidcPayload.findUnique({
    where: { model_id: { model: 'Interaction', id: input.uid } },
    select: { payload: true, expiresAt: true, accountId: true },
  });
  if (!row) return INVALID;
  const payload = parseInteractionPayload(row.payload, input.uid);
  if (!payload) return INVALID;
  // The row's expiry and the payload's own `exp` (seconds) both hold; no expiry at all is not one the provider wrote.
  const expiresAt = row.expiresAt ?? (payload.exp ? new Date(payload.exp * 1000) : null);
  if (!expiresAt || expiresAt.getTime() <= now.getTime() || (payload.exp && payload.exp * 1000 <= now.getTime())) return INVALID;
  const named = [row.accountId, payload.session?.accountId].filter((id): id is string => Boolean(id));
  if (named.some((id) => id !== input.userId)) return { status: 'other-account' };

  const client = await db.oidcClient.findUnique({
    where: { id: payload.params.client_id },
    select: { id: true, name: true, type: true, scopes: true, redirectUris: true, application: { select: APP_DISPLAY_SELECT } },
  });
  if (!client) return INVALID;
  const allowed = readList(client.scopes);
  const redirectUris = readList(client.redirectUris);
  if (!allowed || !redirectUris) return INVALID;
  const redirect = registeredRedirect(payload.params.redirect_uri, redirectUris, client.type === 'public');
  if (!redirect) return INVALID;

  const requested = new Set(requestedScopes(payload));
  const scopes = scopesInWords(['openid', ...allowed.filter((scope) => requested.has(scope))]);
  return {
    status: 'ready',
    uid: input.uid,
    application: appDisplayOf(client.application),
    client: { id: client.id, name: client.name },
    scopes,
    offlineAccess: scopes.some((s) => s.scope === 'offline_access'),
    returnTo: returnTargetOf(redirect),
    expiresAt,
  };
}
