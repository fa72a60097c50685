/**
 * OpenID Connect rows for tests, straight in the database: an application with a client, the
 * Interaction oidc-provider stores while it waits for consent, and the payload rows a grant leaves
 * (provider session, grant, code, tokens). Payload shapes follow oidc-provider 9
 * (lib/models/interaction.js and the adapter's upsert(id, payload, expiresIn)).
 */
import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../lib/db';

export const newUid = () => randomBytes(16).toString('base64url');

/** What oidc-provider stores for an Interaction waiting for consent. */
export function interactionPayload(uid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iat: now,
    exp: now + 3600,
    kind: 'Interaction',
    jti: uid,
    returnTo: `http://localhost:9091/oidc/auth/${uid}`,
    prompt: { name: 'consent', reasons: ['op_scopes_missing'], details: { missingOIDCScope: ['openid', 'email'] } },
    params: { client_id: 'client-1', redirect_uri: 'https://paperless.example.test/cb', response_type: 'code', scope: 'openid email', state: 's' },
    ...overrides,
  };
}

export async function seedOidcClient(
  db: DbOrTx,
  options: { appName?: string; clientName?: string; scopes?: string[]; redirectUris?: string[]; type?: 'confidential' | 'public'; icon?: string } = {},
): Promise<{ applicationId: string; clientId: string; appName: string; clientName: string }> {
  const suffix = randomBytes(4).toString('hex');
  const appName = options.appName ?? `App ${suffix}`;
  const clientName = options.clientName ?? `Client ${suffix}`;
  const position = ((await db.application.aggregate({ _max: { position: true } }))._max.position ?? 0) + 1;
  const app = await db.application.create({
    data: {
      slug: `app-${suffix}`,
      name: appName,
      description: `${appName} for tests`,
      upstream: 'http://127.0.0.1:9',
      urls: JSON.stringify([`https://app-${suffix}.example.test`]),
      icon: options.icon ?? 'builtin:documents',
      position,
      showOnLauncher: false,
    },
    select: { id: true },
  });
  const clientId = `c${randomBytes(12).toString('base64url')}`;
  const type = options.type ?? 'confidential';
  await db.oidcClient.create({
    data: {
      id: clientId,
      applicationId: app.id,
      name: clientName,
      type,
      secretHash: type === 'public' ? null : 'a'.repeat(64),
      tokenEndpointAuthMethod: type === 'public' ? 'none' : 'client_secret_basic',
      redirectUris: JSON.stringify(options.redirectUris ?? ['https://paperless.example.test/cb']),
      scopes: JSON.stringify(options.scopes ?? ['openid', 'profile', 'email', 'groups']),
    },
  });
  return { applicationId: app.id, clientId, appName, clientName };
}

export async function seedInteraction(
  db: DbOrTx,
  input: { uid?: string; clientId: string; accountId?: string; expiresAt?: Date; params?: Record<string, unknown>; overrides?: Record<string, unknown> },
): Promise<string> {
  const uid = input.uid ?? newUid();
  const base = interactionPayload(uid);
  const payload = {
    ...base,
    params: { ...(base.params as Record<string, unknown>), client_id: input.clientId, ...input.params },
    ...(input.accountId ? { session: { accountId: input.accountId, uid: 'sess-uid', cookie: 'sess-cookie', acr: 'one_factor', amr: ['pwd'] } } : {}),
    ...input.overrides,
  };
  await db.oidcPayload.create({
    data: {
      model: 'Interaction',
      id: uid,
      payload: JSON.stringify(payload),
      accountId: input.accountId ?? null,
      clientId: input.clientId,
      expiresAt: input.expiresAt ?? new Date(Date.now() + 3_600_000),
    },
  });
  return uid;
}

/** The rows a user's grant to a client leaves: provider session, grant, code, access and refresh token. */
export async function seedGrantRows(db: DbOrTx, input: { userId: string; clientId: string }): Promise<string> {
  const grantId = newUid();
  const expiresAt = new Date(Date.now() + 3_600_000);
  const rows = [
    { model: 'Session', id: newUid(), grantId: null, clientId: null },
    { model: 'Grant', id: grantId, grantId, clientId: input.clientId },
    { model: 'AuthorizationCode', id: newUid(), grantId, clientId: input.clientId },
    { model: 'AccessToken', id: newUid(), grantId, clientId: input.clientId },
    { model: 'RefreshToken', id: newUid(), grantId, clientId: input.clientId },
  ];
  await db.oidcPayload.createMany({
    data: rows.map((r) => ({
      ...r,
      payload: JSON.stringify({ kind: r.model, jti: r.id, accountId: input.userId, clientId: r.clientId ?? undefined, grantId: r.grantId ?? undefined }),
      accountId: input.userId,
      expiresAt,
    })),
  });
  return grantId;
}
