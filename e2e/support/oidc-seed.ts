/**
 * OpenID Connect rows for end-to-end tests, straight in a portal's SQLite database: an
 * application with a client, the Interaction oidc-provider stores while it waits for consent
 * (model 'Interaction', id = uid, its payload as the library saves it), a remembered consent and
 * the rows a grant leaves. Seeded applications have an address no rule names (the default policy
 * decides, and leaves them off the launcher) and are not shown on the launcher.
 */
import { randomBytes } from 'node:crypto';
import { sqliteDate, withDb, type Portal } from './portal';

export const newUid = () => randomBytes(16).toString('base64url');

export type SeededClient = { applicationId: string; clientId: string; appName: string; clientName: string; redirectUri: string };

export function seedOidcClient(
  portal: Portal,
  options: { appName?: string; clientName?: string; scopes?: string[]; redirectUris?: string[]; id?: string } = {},
): SeededClient {
  const suffix = randomBytes(4).toString('hex');
  const applicationId = options.id ? `${options.id}-app` : `oidcapp${suffix}`;
  const clientId = options.id ?? `oidc-e2e-${suffix}`;
  const appName = options.appName ?? `Consent E2E ${suffix}`;
  const clientName = options.clientName ?? `${appName} web`;
  const redirectUris = options.redirectUris ?? [`https://${applicationId}.example.test/accounts/oidc/gatehouse/login/callback/`];
  const now = sqliteDate(new Date());
  withDb(portal, (db) => {
    const top = db.prepare('SELECT COALESCE(MAX("position"), 0) AS p FROM "Application"').get() as { p: number };
    db.prepare(
      'INSERT OR IGNORE INTO "Application" ("id","slug","name","description","urls","upstream","icon","showOnLauncher","position","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    ).run(
      applicationId,
      applicationId,
      appName,
      'Documents, scanned and searchable',
      JSON.stringify([`https://${applicationId}.example.test`]),
      'http://127.0.0.1:9',
      'builtin:documents',
      0,
      top.p + 1,
      now,
      now,
    );
    db.prepare(
      'INSERT OR IGNORE INTO "OidcClient" ("id","applicationId","name","type","secretHash","tokenEndpointAuthMethod","redirectUris","scopes","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?)',
    ).run(
      clientId,
      applicationId,
      clientName,
      'confidential',
      'a'.repeat(64),
      'client_secret_basic',
      JSON.stringify(redirectUris),
      JSON.stringify(options.scopes ?? ['openid', 'profile', 'email', 'groups']),
      now,
      now,
    );
  });
  return { applicationId, clientId, appName, clientName, redirectUri: redirectUris[0]! };
}

/** An Interaction waiting for consent, as oidc-provider 9 stores it (lib/models/interaction.js). */
export function seedInteraction(
  portal: Portal,
  input: { client: SeededClient; accountId?: string; scope?: string; expiresAt?: Date; redirectUri?: string },
): string {
  const uid = newUid();
  const expiresAt = input.expiresAt ?? new Date(Date.now() + 3_600_000);
  const iat = Math.floor(Date.now() / 1000);
  const payload = {
    iat,
    exp: Math.floor(expiresAt.getTime() / 1000),
    kind: 'Interaction',
    jti: uid,
    returnTo: `${portal.url}/oidc/auth/${uid}`,
    prompt: { name: 'consent', reasons: ['op_scopes_missing'], details: {} },
    params: {
      client_id: input.client.clientId,
      redirect_uri: input.redirectUri ?? input.client.redirectUri,
      response_type: 'code',
      scope: input.scope ?? 'openid profile email',
      state: 'e2e',
    },
    ...(input.accountId ? { session: { accountId: input.accountId, uid: newUid(), cookie: newUid(), acr: 'one_factor', amr: ['pwd'] } } : {}),
  };
  withDb(portal, (db) =>
    db
      .prepare('INSERT INTO "OidcPayload" ("id","model","payload","accountId","clientId","expiresAt","createdAt") VALUES (?,?,?,?,?,?,?)')
      .run(uid, 'Interaction', JSON.stringify(payload), input.accountId ?? null, input.client.clientId, sqliteDate(expiresAt), sqliteDate(new Date())),
  );
  return uid;
}

/** A remembered consent and the rows its grant left: provider session, grant, code, access and refresh token. */
export function seedConsentWithGrant(portal: Portal, input: { userId: string; client: SeededClient; scopes: string }): void {
  const now = sqliteDate(new Date());
  const expiresAt = sqliteDate(new Date(Date.now() + 3_600_000));
  const grantId = newUid();
  withDb(portal, (db) => {
    db.prepare('INSERT OR IGNORE INTO "OidcConsent" ("id","userId","clientId","scopes","createdAt","updatedAt") VALUES (?,?,?,?,?,?)').run(
      `consent${randomBytes(8).toString('hex')}`,
      input.userId,
      input.client.clientId,
      input.scopes,
      now,
      now,
    );
    const row = db.prepare(
      'INSERT INTO "OidcPayload" ("id","model","payload","grantId","accountId","clientId","expiresAt","createdAt") VALUES (?,?,?,?,?,?,?,?)',
    );
    row.run(newUid(), 'Session', JSON.stringify({ kind: 'Session', accountId: input.userId }), null, input.userId, null, expiresAt, now);
    for (const model of ['Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken']) {
      const id = model === 'Grant' ? grantId : newUid();
      row.run(
        id,
        model,
        JSON.stringify({ kind: model, jti: id, accountId: input.userId, clientId: input.client.clientId, grantId }),
        grantId,
        input.userId,
        input.client.clientId,
        expiresAt,
        now,
      );
    }
  });
}

/** The provider rows of a user (and client), by model. */
export function payloadModels(portal: Portal, where: { userId: string; clientId?: string }): string[] {
  return withDb(portal, (db) =>
    (
      db
        .prepare(`SELECT "model" FROM "OidcPayload" WHERE "accountId" = ? ${where.clientId ? 'AND "clientId" = ?' : ''} ORDER BY "model"`)
        .all(...[where.userId, ...(where.clientId ? [where.clientId] : [])]) as { model: string }[]
    ).map((r) => r.model),
  );
}

/** Removes a seeded application with its client, consents and provider rows. */
export function removeOidcClient(portal: Portal, client: SeededClient): void {
  withDb(portal, (db) => {
    db.prepare('DELETE FROM "OidcPayload" WHERE "clientId" = ?').run(client.clientId);
    db.prepare('DELETE FROM "OidcConsent" WHERE "clientId" = ?').run(client.clientId);
    db.prepare('DELETE FROM "OidcClient" WHERE "id" = ?').run(client.clientId);
    db.prepare('DELETE FROM "Application" WHERE "id" = ?').run(client.applicationId);
  });
}
