// What `npm run bench:oidc` seeds straight into a migrated SQLite or PostgreSQL database, in the
// shapes Prisma writes (prisma/migrations/<dialect>): users in a group, each with a signed-in two-factor session
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
 * The rows, as [sql, params] with `?` placeholders (booleans as JS booleans), and what the bench
 * needs of them: { client: { id, secret, redirectUri }, cookies: ['gatehouse_session=…', …] }
 * (one session per user, in user order).
 */
function oidcSeedPlan({ users }) {
  const now = new Date();
  const created = sqliteTime(new Date(now.getTime() - 3_600_000));
  const recent = sqliteTime(now);
  const expires = sqliteTime(new Date(now.getTime() + 6 * 24 * 3_600_000));
  const client = { id: randomBytes(16).toString('base64url'), secret: randomBytes(32).toString('base64url'), redirectUri: BENCH_REDIRECT_URI };
  const cookies = [];
  const statements = [];
  const groupId = randomUUID();
  statements.push([`INSERT INTO "Group" ("id","name","description","createdAt") VALUES (?,'bench-staff','',?)`, [groupId, created]]);
  for (let u = 0; u < users; u++) {
    const id = randomUUID();
    const username = `bench${String(u).padStart(4, '0')}`;
    statements.push([
      `INSERT INTO "User" ("id","username","email","displayName","passwordHash","status","statusChangedAt","createdAt","updatedAt")
       VALUES (?,?,?,?,NULL,'active',?,?,?)`,
      [id, username, `${username}@bench.test`, `Bench User ${u}`, created, created, created],
    ]);
    statements.push([`INSERT INTO "UserGroup" ("userId","groupId","createdAt") VALUES (?,?,?)`, [id, groupId, created]]);
    const token = randomBytes(32).toString('base64url');
    statements.push([
      `INSERT INTO "Session" ("id","tokenHash","userId","level","createdAt","lastSeenAt","expiresAt","ip","userAgent","factorProvenAt","passwordProvenAt","amr")
       VALUES (?,?,?,'two_factor',?,?,?,'127.0.0.1','bench',?,?,'["pwd","otp","mfa"]')`,
      [randomUUID(), sha256Hex(token), id, recent, recent, expires, recent, recent],
    ]);
    cookies.push(`${COOKIE_NAME}=${token}`);
  }
  const applicationId = randomUUID();
  statements.push([
    `INSERT INTO "Application" ("id","slug","name","kind","description","urls","upstream","subjects","level","publicPaths","showOnLauncher","position","createdAt","updatedAt")
     VALUES (?,'bench-app','Bench app','generic','','["http://127.0.0.1:9"]','http://127.0.0.1:9','["group:bench-staff"]','two_factor','[]',?,1,?,?)`,
    [applicationId, false, created, created],
  ]);
  statements.push([
    `INSERT INTO "OidcClient" ("id","applicationId","name","template","type","secretHash","secretCreatedAt","tokenEndpointAuthMethod","redirectUris",
       "postLogoutRedirectUris","requirePkce","scopes","idTokenAlg","claimsInIdToken","firstParty","createdAt","updatedAt")
     VALUES (?,?,'Bench client','generic','confidential',?,?,'client_secret_basic',?,'[]',?,?,'RS256',?,?,?,?)`,
    [
      client.id,
      applicationId,
      sha256Hex(client.secret),
      created,
      JSON.stringify([client.redirectUri]),
      true,
      JSON.stringify(BENCH_SCOPE.split(' ')),
      true,
      true,
      created,
      created,
    ],
  ]);
  return { client, cookies, statements };
}

/** Seeds a migrated SQLite database (better-sqlite3's `Database` class, the file's path). */
export function seedOidc(Database, dbPath, { users }) {
  const { client, cookies, statements } = oidcSeedPlan({ users });
  const db = new Database(dbPath);
  try {
    const bind = (params) => params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    db.transaction(() => {
      for (const [sql, params] of statements) db.prepare(sql).run(...bind(params));
    })();
    return { client, cookies };
  } finally {
    db.close();
  }
}

/** Seeds a migrated PostgreSQL database (the `pg` module, its URL). Times are UTC ('+00:00'). */
export async function seedOidcPostgres(pg, url, { users }) {
  const { client, cookies, statements } = oidcSeedPlan({ users });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('BEGIN');
    for (const [sql, params] of statements) {
      let n = 0;
      await db.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
    }
    await db.query('COMMIT');
    return { client, cookies };
  } finally {
    await db.end();
  }
}
