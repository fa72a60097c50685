#!/usr/bin/env node
// `npm run bench:admin`: how fast the admin pages answer on a large install (issue 8, "Speed").
//
// Builds if needed, creates a fresh SQLite data dir (or, with --db postgresql, a throwaway
// PostgreSQL cluster), migrates it (node dist/server.mjs migrate), seeds 10 000 users and
// 1 000 000 audit events straight into the database (in the shapes Prisma writes), an admin with
// a two-factor session, starts the built server
// (dist/server.mjs, as `npm start` runs it) and measures the time to first byte of:
//   users        /admin/users
//   search       /admin/users?q=user-42
//   audit        /admin/audit?type=auth.sign_in&from=…&to=…   (a 30-day window)
//   audit-user   /admin/audit?user=user-4242                  (extra: user filter)
//   audit-deep   /admin/audit?type=auth.sign_in&before=<mid>  (extra: a deep keyset page)
// N requests each (one at a time) after W warm-ups; prints p50/p95/max TTFB and full response
// time in ms, PASS/FAIL against p95 TTFB < 200 ms, and each p95 as a ratio of a baseline measured
// in the same run (/admin/bans: the admin layout and session check with next to no data).
// Every process it starts is stopped by PID.
//
//   npm run bench:admin [-- --n 50] [--warmup 5] [--events 1000000] [--users 10000] [--db postgresql]
//
// Exit code 0 when the bench ran (even if a target is missed: a measurement, not a test); 1 when
// it could not run.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, generateClients } from './lib/prepare.mjs';
import { benchServerEnv, migrateWith, sha256Hex, sqliteTime, startBenchServer } from './lib/bench-server.mjs';
import { freePort, startPostgres, stopOnExit, stopProcess } from './lib/services.mjs';

function usage(message) {
  if (message) console.error(`bench:admin: ${message}\n`);
  console.error('usage: npm run bench:admin [-- --n 50] [--warmup 5] [--events 1000000] [--users 10000] [--db sqlite|postgresql]');
  process.exit(message ? 1 : 0);
}

const options = { n: 50, warmup: 5, events: 1_000_000, users: 10_000 };
let dialect = 'sqlite';
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const key = arg.replace(/^--/, '').split('=')[0];
    if (arg === '--help' || arg === '-h') usage();
    if (key === 'db') {
      dialect = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      if (dialect !== 'sqlite' && dialect !== 'postgresql') usage('--db must be sqlite or postgresql');
      continue;
    }
    if (!(key in options)) usage(`unknown argument ${arg}`);
    const value = Number(arg.includes('=') ? arg.split('=')[1] : argv[++i]);
    if (!Number.isInteger(value) || value < 0 || value > 100_000_000) usage(`--${key} must be a whole number`);
    options[key] = value;
  }
}

const TARGET_MS = 200;
const COOKIE_NAME = 'gatehouse_session';
const say = (message) => console.log(`[bench] ${message}`);

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is stopped by PID, once, also on Ctrl-C.

const session = stopOnExit();
const { running } = session;

// ---------------------------------------------------------------------------------------------
// Seeding

const EVENT_TYPES = [
  ['auth.sign_in', 40],
  ['auth.sign_out', 15],
  ['auth.second_factor', 15],
  ['session.revoked', 5],
  ['user.password_set', 5],
  ['mfa.factor_added', 5],
  ['rules.updated', 5],
  ['signup.requested', 5],
  ['user.created', 5],
];
const TYPE_TABLE = EVENT_TYPES.flatMap(([type, weight]) => Array(weight).fill(type));

/**
 * What is seeded, independent of the database: an admin with a two-factor session, `users` users
 * (statuses mixed, a third in group "staff") and `events` audit events over the last 365 days,
 * oldest first so id order is time order (as in real life). Rows are arrays in column order.
 */
function seedPlan() {
  const now = Date.now();
  const created = new Date(now - 400 * 86_400_000);
  const adminId = randomUUID();
  const token = randomBytes(32).toString('base64url');
  const adminsGroup = randomUUID();
  const staff = randomUUID();
  const groups = [
    [adminsGroup, 'admins', created],
    [staff, 'staff', created],
  ];
  const users = [[adminId, 'bench-admin', 'bench-admin@bench.test', 'Bench Admin', 'active', created, created, created]];
  const members = [[adminId, adminsGroup, created]];
  const statuses = ['active', 'active', 'active', 'active', 'active', 'active', 'pending', 'disabled', 'rejected', 'active'];
  for (let u = 0; u < options.users; u++) {
    const id = randomUUID();
    const username = `user-${u}`;
    users.push([id, username, `${username}@bench.test`, `Bench User ${u}`, statuses[u % statuses.length], created, created, created]);
    if (u % 3 === 0) members.push([id, staff, created]);
  }
  // A two-factor session of an admin with an authenticator app: what the admin console requires (lib/auth/assurance.ts).
  const session = [randomUUID(), sha256Hex(token), adminId, new Date(now), new Date(now), new Date(now + 86_400_000), new Date(now), new Date(now)];
  const factors = [[randomUUID(), adminId, new Date(now)]];
  const span = 365 * 86_400_000;
  const start = now - span;
  const people = users.slice(1);
  /** Events from..to (exclusive). */
  const events = function* (from, to) {
    for (let i = from; i < to; i++) {
      const [actorId, actorName] = people[(i * 7919) % people.length];
      const [targetId, targetName] = people[(i * 104_729) % people.length];
      const type = TYPE_TABLE[i % TYPE_TABLE.length];
      const outcome = type === 'auth.sign_in' && i % 5 === 0 ? 'failure' : 'success';
      const at = new Date(start + Math.floor((i / options.events) * span));
      yield [
        at,
        type,
        outcome,
        actorId,
        actorName,
        targetId,
        targetName,
        `198.51.100.${i % 250}`,
        'Mozilla/5.0 (X11; Linux x86_64) Bench',
        i % 4 === 0 ? JSON.stringify({ method: 'password', n: i }) : null,
      ];
    }
  };
  return { groups, users, members, session, factors, events, cookie: `${COOKIE_NAME}=${token}`, midId: Math.floor(options.events / 2) };
}

const COLUMNS = {
  User: ['id', 'username', 'email', 'displayName', 'status', 'statusChangedAt', 'createdAt', 'updatedAt'],
  Group: ['id', 'name', 'createdAt'],
  UserGroup: ['userId', 'groupId', 'createdAt'],
  Session: ['id', 'tokenHash', 'userId', 'createdAt', 'lastSeenAt', 'expiresAt', 'factorProvenAt', 'passwordProvenAt'],
  SecondFactor: ['id', 'userId', 'createdAt'],
  AuditEvent: ['createdAt', 'type', 'outcome', 'actorId', 'actorName', 'targetId', 'targetName', 'ip', 'userAgent', 'data'],
};
const EXTRA = {
  Group: { description: "''" },
  Session: { level: "'two_factor'", ip: "'127.0.0.1'", userAgent: "'bench'", amr: `'["pwd","otp","mfa"]'` },
  // An authenticator app whose (sealed) secret the pages never read.
  SecondFactor: { kind: "'totp'", name: "'Bench app'", secret: "'unused'" },
  AuditEvent: { targetType: "'user'" },
};
const CHUNK = 50_000;

/** A table's quoted column list: the seeded columns, then those given constant values (EXTRA). */
function columnsOf(table) {
  const extra = EXTRA[table] ?? {};
  return { columns: [...COLUMNS[table], ...Object.keys(extra)].map((c) => `"${c}"`).join(','), constants: Object.values(extra) };
}

/** SQLite, straight through better-sqlite3 in the shapes Prisma writes (dates as ISO text). */
function seedSqlite(Database, dbPath, plan) {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  try {
    const insert = (table) => {
      const { columns, constants } = columnsOf(table);
      const values = [...COLUMNS[table].map(() => '?'), ...constants].join(',');
      const statement = db.prepare(`INSERT INTO "${table}" (${columns}) VALUES (${values})`);
      return (row) => statement.run(row.map((v) => (v instanceof Date ? sqliteTime(v) : v)));
    };
    db.transaction(() => {
      for (const [table, rows] of [
        ['Group', plan.groups],
        ['User', plan.users],
        ['UserGroup', plan.members],
        ['Session', [plan.session]],
        ['SecondFactor', plan.factors],
      ]) {
        const run = insert(table);
        for (const row of rows) run(row);
      }
    })();
    const event = insert('AuditEvent');
    const chunk = db.transaction((from, to) => {
      for (const row of plan.events(from, to)) event(row);
    });
    for (let from = 0; from < options.events; from += CHUNK) chunk(from, Math.min(options.events, from + CHUNK));
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** PostgreSQL through node-postgres: multi-row INSERTs of 1 000 rows, then ANALYZE. */
async function seedPostgres(url, plan) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const insertRows = async (table, rows) => {
      const { columns, constants } = columnsOf(table);
      const width = COLUMNS[table].length;
      for (let at = 0; at < rows.length; at += 1000) {
        const batch = rows.slice(at, at + 1000);
        const tuples = batch.map((_, r) => `(${[...Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`), ...constants].join(',')})`);
        await client.query(`INSERT INTO "${table}" (${columns}) VALUES ${tuples.join(',')}`, batch.flat());
      }
    };
    await client.query('BEGIN');
    await insertRows('Group', plan.groups);
    await insertRows('User', plan.users);
    await insertRows('UserGroup', plan.members);
    await insertRows('Session', [plan.session]);
    await insertRows('SecondFactor', plan.factors);
    await client.query('COMMIT');
    for (let from = 0; from < options.events; from += CHUNK) await insertRows('AuditEvent', [...plan.events(from, Math.min(options.events, from + CHUNK))]);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

function timedGet(port, path, cookie) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers: { Cookie: cookie, 'User-Agent': 'bench-admin' }, agent: false }, (res) => {
      let ttfb = null;
      let bytes = 0;
      res.once('data', () => {
        ttfb = Number(process.hrtime.bigint() - started) / 1e6;
      });
      res.on('data', (chunk) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          ttfb: ttfb ?? Number(process.hrtime.bigint() - started) / 1e6,
          total: Number(process.hrtime.bigint() - started) / 1e6,
          bytes,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(port, cookie, { name, path, expect, baseline }) {
  for (let i = 0; i < options.warmup; i++) {
    const res = await timedGet(port, path, cookie);
    if (res.status !== 200) throw new Error(`${name}: ${path} answered ${res.status} during warm-up`);
  }
  const ttfb = [];
  const total = [];
  let bytes = 0;
  for (let i = 0; i < options.n; i++) {
    const res = await timedGet(port, path, cookie);
    if (res.status !== 200) throw new Error(`${name}: ${path} answered ${res.status}`);
    ttfb.push(res.ttfb);
    total.push(res.total);
    bytes = res.bytes;
  }
  ttfb.sort((a, b) => a - b);
  total.sort((a, b) => a - b);
  return { name, path, expect, baseline: Boolean(baseline), ttfb, total, bytes };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  checkNode();
  ensureInstalled();
  generateClients();
  ensureBuilt();
  const { default: Database } = await import('better-sqlite3');

  const workDir = (session.workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-admin-')));
  const dataDir = join(workDir, 'data');
  const port = await freePort();
  const env = benchServerEnv({ dataDir, port, url: `http://127.0.0.1:${port}`, encryptionKey: randomBytes(32).toString('hex') });
  if (dialect === 'postgresql') {
    say('starting a throwaway PostgreSQL cluster…');
    const pg = await startPostgres();
    running.push({ name: 'postgresql', stop: () => pg.stop() });
    env.DATABASE_URL = pg.url;
  }
  migrateWith(env);

  say(`seeding ${options.users.toLocaleString('en')} users and ${options.events.toLocaleString('en')} audit events…`);
  const seedStarted = Date.now();
  const plan = seedPlan();
  if (dialect === 'postgresql') await seedPostgres(env.DATABASE_URL, plan);
  else seedSqlite(Database, join(dataDir, 'gatehouse.db'), plan);
  const { cookie, midId } = plan;
  say(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

  const server = await startBenchServer('gatehouse', env);
  running.push({ name: 'gatehouse', stop: () => stopProcess(server) });
  say(`gatehouse started (pid ${server.child.pid}) on 127.0.0.1:${port}`);

  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const scenarios = [
    // The baseline, in the same run: an admin page that reads almost nothing (the layout, the
    // session check and one query on an empty table), so the ratios show what the data costs.
    { name: 'baseline', path: '/admin/bans', expect: false, baseline: true },
    { name: 'users', path: '/admin/users', expect: true },
    { name: 'search', path: '/admin/users?q=user-42', expect: true },
    { name: 'audit', path: `/admin/audit?type=auth.sign_in&from=${day(-30)}&to=${day(0)}`, expect: true },
    { name: 'audit-user', path: '/admin/audit?user=user-4242', expect: false },
    { name: 'audit-deep', path: `/admin/audit?type=auth.sign_in&before=${midId}`, expect: false },
  ];
  const results = [];
  for (const scenario of scenarios) {
    say(`measuring ${scenario.name}: ${scenario.path}`);
    results.push(await measure(port, cookie, scenario));
  }

  const f = (ms) => ms.toFixed(1).padStart(7);
  console.log('');
  console.log(
    `Admin pages, ${options.users.toLocaleString('en')} users, ${options.events.toLocaleString('en')} audit events, ${dialect === 'postgresql' ? 'PostgreSQL' : 'SQLite'}, N=${options.n} sequential after ${options.warmup} warm-up`,
  );
  console.log(
    `${'scenario'.padEnd(11)} ${'TTFB p50'.padStart(9)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   ${'full p50'.padStart(9)} ${'p95'.padStart(7)}   ${'bytes'.padStart(7)}  ${'p95/base'.padStart(8)}  target p95 TTFB < ${TARGET_MS} ms`,
  );
  let failed = 0;
  const baseP95 = pct(results.find((r) => r.baseline).ttfb, 95);
  for (const r of results) {
    const p95 = pct(r.ttfb, 95);
    const pass = p95 < TARGET_MS;
    if (!pass && r.expect) failed++;
    const verdict = r.baseline ? '(baseline)' : r.expect ? (pass ? 'PASS' : 'FAIL') : pass ? '(pass, extra)' : '(fail, extra)';
    const ratio = `${(p95 / baseP95).toFixed(2)}×`;
    console.log(
      `${r.name.padEnd(11)} ${f(pct(r.ttfb, 50)).padStart(9)} ${f(p95)} ${f(r.ttfb[r.ttfb.length - 1])}   ${f(pct(r.total, 50)).padStart(9)} ${f(pct(r.total, 95))}   ${String(r.bytes).padStart(7)}  ${ratio.padStart(8)}  ${verdict}`,
    );
  }
  for (const r of results) console.log(`  ${r.name.padEnd(11)} ${r.path}`);
  console.log(failed === 0 ? '\nAll targets met.' : `\n${failed} target(s) missed.`);
}

main()
  .then(() => session.cleanup())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`[bench] ${error.stack ?? error.message}`);
    await session.cleanup();
    process.exit(1);
  });
