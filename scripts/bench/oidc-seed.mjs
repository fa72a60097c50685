// What `npm run bench:oidc` seeds straight into a migrated SQLite database, in the shapes Prisma
// writes (prisma/migrations/sqlite): users in a group, each with a signed-in two-factor session
// (password + authenticator app, as Session.amr records it), and an application with one
// first-party confidential OpenID Connect client (client_secret_basic, PKCE S256 required, the
// refresh_token grant through offline_access). The client secret is stored as its SHA-256 only,
// as the admin console stores it.
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex, sqliteTime } from '../lib/bench-server.mjs';

const COOKIE_NAME = 'gatehouse_session'; // Gatehouse's default over http (GATEHOUSE_COOKIE_NAME unset)
/** Never visited: the bench reads the code from the redirect's Location. Port 9 is "discard". */
export const BENCH_REDIRECT_URI = 'http://127.0.0.1:9/bench/callback';
export const BENCH_SCOPE = 'openid profile email groups offline_access';

/**
 * Returns { client: { id, secret, redirectUri }, cookies: ['gatehouse_session=…', …] } (one
 * session per user, in user order).
 */
export function seedOidc(Database, dbPath, { users }) {
  const db = new Database(dbPath);
  try {
    const now = new Date();
    const created = sqliteTime(new Date(now.getTime() - 3_600_000));
    const recent = sqliteTime(now);
    const expires = sqliteTime(new Date(now.getTime() + 6 * 24 * 3_600_000));
    const client = { id: randomBytes(16).toString('base64url'), secret: randomBytes(32).toString('base64url'), redirectUri: BENCH_REDIRECT_URI };
    const cookies = [];
    db.transaction(() => {
      const groupId = randomUUID();
      db.prepare(`INSERT INTO "Group" ("id","name","description","createdAt") VALUES (?,'bench-staff','',?)`).run(groupId, created);
      const insertUser = db.prepare(
        `INSERT INTO "User" ("id","username","email","displayName","passwordHash","status","statusChangedAt","createdAt","updatedAt")
         VALUES (?,?,?,?,NULL,'active',?,?,?)`,
      );
      const insertMember = db.prepare(`INSERT INTO "UserGroup" ("userId","groupId","createdAt") VALUES (?,?,?)`);
      const insertSession = db.prepare(
        `INSERT INTO "Session" ("id","tokenHash","userId","level","createdAt","lastSeenAt","expiresAt","ip","userAgent","factorProvenAt","passwordProvenAt","amr")
         VALUES (?,?,?,'two_factor',?,?,?,'127.0.0.1','bench',?,?,'["pwd","otp","mfa"]')`,
      );
      for (let u = 0; u < users; u++) {
        const id = randomUUID();
        const username = `bench${String(u).padStart(4, '0')}`;
        insertUser.run(id, username, `${username}@bench.test`, `Bench User ${u}`, created, created, created);
        insertMember.run(id, groupId, created);
        const token = randomBytes(32).toString('base64url');
        insertSession.run(randomUUID(), sha256Hex(token), id, recent, recent, expires, recent, recent);
        cookies.push(`${COOKIE_NAME}=${token}`);
      }
      const applicationId = randomUUID();
      db.prepare(
        `INSERT INTO "Application" ("id","slug","name","kind","description","urls","upstream","subjects","level","publicPaths","showOnLauncher","position","createdAt","updatedAt")
         VALUES (?,'bench-app','Bench app','generic','','["http://127.0.0.1:9"]','http://127.0.0.1:9','["group:bench-staff"]','two_factor','[]',0,1,?,?)`,
      ).run(applicationId, created, created);
      db.prepare(
        `INSERT INTO "OidcClient" ("id","applicationId","name","template","type","secretHash","secretCreatedAt","tokenEndpointAuthMethod","redirectUris",
           "postLogoutRedirectUris","requirePkce","scopes","idTokenAlg","claimsInIdToken","firstParty","createdAt","updatedAt")
         VALUES (?,?,'Bench client','generic','confidential',?,?,'client_secret_basic',?,'[]',1,?,'RS256',1,1,?,?)`,
      ).run(
        client.id,
        applicationId,
        sha256Hex(client.secret),
        created,
        JSON.stringify([client.redirectUri]),
        JSON.stringify(BENCH_SCOPE.split(' ')),
        created,
        created,
      );
    })();
    return { client, cookies };
  } finally {
    db.close();
  }
}
