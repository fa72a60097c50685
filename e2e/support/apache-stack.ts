/**
 * The "Apache as an OpenID Connect relying party" stack for browser tests: a Gatehouse of its
 * own (the built server, SQLite) whose issuer is http://localhost:<port>, an application with an
 * OpenID Connect client for Apache written straight into its database (as the admin console
 * would store it: the secret only as its SHA-256), and Apache httpd with mod_auth_openidc on
 * http://127.0.0.1:<port> (e2e/support/apache.ts). Two host names, so the browser keeps the
 * portal's cookies and Apache's apart (cookies do not look at ports).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse } from '../../test/support/gatehouse-process';
import { apacheUrls, startApache, type ApacheProcess } from './apache';
import { type Portal, sqliteDate, withDb } from './portal';

export type OidcClientSeed = {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  /** Who may use the application: "group:<name>" / "user:<name>"; [] = every signed-in user. */
  subjects: string[];
  level?: 'one_factor' | 'two_factor';
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  idTokenAlg?: 'RS256' | 'ES256';
};

/**
 * An application (not on the launcher) with one confidential OpenID Connect client, straight in
 * the portal's SQLite database, in the shapes Prisma writes. Returns the client id and secret.
 */
export function seedOidcClient(portal: Portal, seed: OidcClientSeed): { applicationId: string; clientId: string; clientSecret: string } {
  const applicationId = `app${randomBytes(8).toString('hex')}`;
  const clientId = randomBytes(16).toString('base64url');
  const clientSecret = randomBytes(32).toString('base64url');
  const now = sqliteDate(new Date());
  const slug = `apache-${randomBytes(4).toString('hex')}`;
  withDb(portal, (db) =>
    db.transaction(() => {
      const position = (db.prepare('SELECT COALESCE(MAX("position"), 0) + 1 AS next FROM "Application"').get() as { next: number }).next;
      db.prepare(
        `INSERT INTO "Application" ("id","slug","name","kind","description","urls","upstream","subjects","level","publicPaths","showOnLauncher","position","createdAt","updatedAt")
         VALUES (?,?,?,'generic','',?,?,?,?,'[]',0,?,?,?)`,
      ).run(
        applicationId,
        slug,
        seed.name,
        JSON.stringify([new URL(seed.redirectUris[0]!).origin]),
        new URL(seed.redirectUris[0]!).origin,
        JSON.stringify(seed.subjects),
        seed.level ?? 'two_factor',
        position,
        now,
        now,
      );
      db.prepare(
        `INSERT INTO "OidcClient" ("id","applicationId","name","template","type","secretHash","secretCreatedAt","tokenEndpointAuthMethod","redirectUris",
           "postLogoutRedirectUris","requirePkce","scopes","idTokenAlg","claimsInIdToken","firstParty","createdAt","updatedAt")
         VALUES (?,?,?,'generic','confidential',?,?,?,?,?,1,?,?,1,?,?,?)`,
      ).run(
        clientId,
        applicationId,
        seed.name,
        createHash('sha256').update(clientSecret).digest('hex'),
        now,
        seed.tokenEndpointAuthMethod ?? 'client_secret_basic',
        JSON.stringify(seed.redirectUris),
        JSON.stringify(seed.postLogoutRedirectUris),
        JSON.stringify(['openid', 'profile', 'email', 'groups']),
        seed.idTokenAlg ?? 'RS256',
        seed.firstParty ? 1 : 0,
        now,
        now,
      );
    })(),
  );
  return { applicationId, clientId, clientSecret };
}

/** What a relying party gets: its own Apache, and the client it signs in as. */
export type ApacheRelyingParty = { apache: ApacheProcess; clientId: string };
export type ApacheSeed = Pick<OidcClientSeed, 'firstParty' | 'subjects' | 'name' | 'idTokenAlg'>;

export type ApacheStack = ApacheRelyingParty & {
  portal: Portal;
  /** Another application with its client and an Apache of its own, on the same Gatehouse. */
  addApache(seed: ApacheSeed): Promise<ApacheRelyingParty>;
  stop(): Promise<void>;
};

/**
 * Starts Gatehouse, registers Apache's client (redirect URI and post-logout URI of the Apache
 * that starts next, on a port chosen up front) and starts Apache. `seed` picks the client's
 * first-party flag, its ID token algorithm and the application's subjects.
 */
export async function startApacheStack(seed: ApacheSeed): Promise<ApacheStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-apache-e2e-'));
  const port = await freeLoopbackPort();
  const issuer = `http://localhost:${port}`;
  const stops: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  const portal: Portal = { url: issuer, log: '', db: join(dataDir, 'gatehouse.db') };
  const addApache = async (more: ApacheSeed): Promise<ApacheRelyingParty> => {
    const apachePort = await freeLoopbackPort();
    const urls = apacheUrls(apachePort);
    const client = seedOidcClient(portal, { ...more, redirectUris: [urls.redirectUri], postLogoutRedirectUris: [urls.signedOut] });
    const apache = await startApache({ issuer, clientId: client.clientId, clientSecret: client.clientSecret }, apachePort);
    stops.push(() => apache.stop());
    return { apache, clientId: client.clientId };
  };
  try {
    const gatehouse = await startGatehouse({ dataDir, port, env: { GATEHOUSE_URL: issuer } });
    stops.push(() => gatehouse.stop());
    return { portal, ...(await addApache(seed)), addApache, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
