#!/usr/bin/env node
// `npm run bench:verify`: how fast the verify endpoint answers behind a real nginx
// `auth_request`, next to what nginx and Node can do at all on this machine.
//
// One run starts, all on 127.0.0.1 and each as its own process: the echo app (the protected
// upstream), a bare node:http server that answers 200 (the Node.js limit), Gatehouse as
// `npm start` runs it (dist/server.mjs: the fast path) twice (one database with 10 000 sessions,
// 1 000 Paperless device tokens and one rule, one with 500 rules), Gatehouse under `next start` on
// the first database (the App Router route handler, the documented contract), and ONE nginx whose
// server blocks are the configuration Gatehouse's generator emits (lib/proxy-config, bundled at
// start), one per verifier, each on its own port; the fast path's also has a Paperless-ngx app
// (paperless.bench.test, the host of the Paperless connection's public URL, served by the echo
// app). Then wrk, in alternating rounds:
//   C        nginx → echo app, no auth_request (the ceiling; the generated app location minus
//            the auth_request lines)
//   N        auth_request → bare node:http 200 (the Node.js limit)
//   G1       auth_request → Gatehouse fast path, one valid session cookie          → 200
//   G2       … 10 000 distinct valid sessions rotating                               → 200
//   G3       … anonymous                                                           → 302
//   G4       … 500 access rules, the matching one last                             → 200
//   G5       … the fast path of G1–G3 on the Paperless host, 1 000 distinct device tokens
//            (Authorization: Token <40 hex>, 100 users × 10) rotating                → 200
//   G6       … G4's Gatehouse on another host whose 12 rules match paths by prefix and
//            regex, the match (a regex) last; a Paperless-like path with a query     → 200
//   G-route  … Gatehouse's route handler under `next start`, one session            → 200
// and prints req/s, p50/p99 latency, errors (socket errors + wrong statuses: wrk counts 3xx as
// success, so the Lua script counts every status), ratios to C and N, CPU time per request of
// the verifier process (from /proc/<pid>/stat) and its RSS, and the targets of issue 4 (plus
// device tokens: the same ratio to N as the cookie scenarios); and the memory of the fast-path
// Gatehouse (started with scripts/lib/server-launch.mjs, as `npm start` starts it): RSS after start,
// idle after the first requests, peak and end of G1 and G2, VmHWM, and V8's heap (asked through
// scripts/bench/memory-probe.mjs), with issue 18's targets (≤ 160 MiB idle, ≤ 200 MiB under G2).
// The table is also written to e2e/.artifacts/bench-verify.md.
//
//   npm run bench:verify [-- --duration 8] [--rounds 2] [--warmup 2] [--quick] [--cpu-prof] [--metrics] [--json-logs] [--plain-launch]
//
// Exit code 0 when the bench ran (even if a target is missed: this is a measurement, not a
// test); 1 when it could not run. Every process it starts is stopped by PID, also on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDebianPackages } from './lib/debian.mjs';
import { checkNode, ensureBuilt, ensureInstalled, generateClients, root } from './lib/prepare.mjs';
import { startEchoApp, startNginx } from './lib/proxies.mjs';
import { benchServerEnv, migrateWith, sha256Hex, sqliteTime } from './lib/bench-server.mjs';
import { freePort, startProcess, stopOnExit, stopProcess } from './lib/services.mjs';
import { heapFigures, MEMORY_PROBE, memoryRows, procStatusKiB, sampleRss } from './lib/bench-memory.mjs';
import { SERVER_BUNDLE, serverLaunch } from './lib/server-launch.mjs';

// `--instances 2`: two instances on one PostgreSQL behind nginx, in its own script.
if (process.argv.slice(2).some((arg) => arg === '--instances' || arg.startsWith('--instances='))) {
  await (await import('./bench-verify-instances.mjs')).finished;
  process.exit(process.exitCode ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Options

const PROFILE_DIR_TEXT = 'e2e/.artifacts/bench-verify-profiles/';

function usage(message) {
  if (message) console.error(`bench:verify: ${message}\n`);
  console.error('usage: npm run bench:verify [-- --duration SECONDS] [--rounds N] [--warmup SECONDS] [--quick] [--cpu-prof]');
  console.error('  --quick     3 s × 1 round');
  console.error(`  --cpu-prof  write V8 CPU profiles of the Gatehouse processes to ${PROFILE_DIR_TEXT}`);
  console.error('  --metrics   Gatehouse with GATEHOUSE_METRICS=on (what counting costs the verify path)');
  console.error('  --json-logs Gatehouse with GATEHOUSE_LOG_FORMAT=json (what one log line per request costs)');
  console.error("  --plain-launch  Gatehouse as plain `node dist/server.mjs`, without server-launch.mjs's node flags and malloc settings (for a before/after)");
  process.exit(message ? 1 : 0);
}

function parseOptions(argv) {
  const options = { duration: 8, rounds: 2, warmup: 2, cpuProf: false, metrics: false, jsonLogs: false, plainLaunch: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (name, min, max) => {
      const value = Number(arg.includes('=') ? arg.split('=')[1] : argv[++i]);
      if (!Number.isInteger(value) || value < min || value > max) usage(`${name} must be a whole number from ${min} to ${max}`);
      return value;
    };
    if (arg === '--quick') Object.assign(options, { duration: 3, rounds: 1 });
    else if (arg.startsWith('--duration')) options.duration = number('--duration', 1, 600);
    else if (arg.startsWith('--rounds')) options.rounds = number('--rounds', 1, 20);
    else if (arg.startsWith('--warmup')) options.warmup = number('--warmup', 0, 60);
    else if (arg === '--cpu-prof') options.cpuProf = true;
    else if (arg === '--metrics') options.metrics = true;
    else if (arg === '--json-logs') options.jsonLogs = true;
    else if (arg === '--plain-launch') options.plainLaunch = true;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  return options;
}

const options = parseOptions(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------
// Fixed parameters

const THREADS = 2;
const CONNECTIONS = 32;
const G2_SESSIONS = 10_000;
const G4_RULES = 500;
const DEVICE_USERS = 100;
const DEVICE_TOKENS_PER_USER = 10;
const DEVICE_TOKENS = DEVICE_USERS * DEVICE_TOKENS_PER_USER;
const COOKIE_NAME = 'gatehouse_session'; // Gatehouse's default (GATEHOUSE_COOKIE_NAME unset)
const COOKIE_DOMAIN = 'bench.test';
const APP_HOST = `app.${COOKIE_DOMAIN}`;
const PORTAL_HOST = `auth.${COOKIE_DOMAIN}`;
/** The Paperless-ngx app: the host of the Paperless connection's public URL (device tokens work there only). */
const PAPERLESS_HOST = `paperless.${COOKIE_DOMAIN}`;
/** G6: an app whose rules match paths (prefixes and regexes), on G4's Gatehouse. */
const REGEX_HOST = `rx.${COOKIE_DOMAIN}`;
const REGEX_PATH = '/api/documents/1234/preview/?page=2&sort=created';
/** The key every Gatehouse of the bench gets (GATEHOUSE_ENCRYPTION_KEY), so the bench can seal the real Paperless tokens. */
const ENCRYPTION_KEY = randomBytes(32);
const PAPERLESS_ADMIN_TOKEN_CONTEXT = 'paperless-admin-token'; // lib/paperless/connection.ts
const LUA = join(root, 'scripts', 'bench', 'verify.lua');
const BARE = join(root, 'scripts', 'bench', 'bare-verify.mjs');
const NEXT_BIN = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const ARTIFACT = join(root, 'e2e', '.artifacts', 'bench-verify.md');
const PROFILE_DIR = join(root, 'e2e', '.artifacts', 'bench-verify-profiles');
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
const G2_TARGET = 0.7;
/** Issue 18's memory targets for the fast-path Gatehouse (MiB): idle, and the peak under G2's load. */
const RSS_IDLE_TARGET_MIB = 160;
const RSS_LOAD_TARGET_MIB = 200;
/** The scenarios whose memory the report shows (the fast-path Gatehouse: one session, 10 000 sessions). */
const MEMORY_SCENARIOS = ['G1', 'G2'];
const TARGETS = [
  { ratio: 'G1', min: 0.8 },
  { ratio: 'G2', min: G2_TARGET },
  { ratio: 'G5', min: G2_TARGET, label: 'device tokens: same ratio to N as the cookie scenarios (G2)' },
];

function say(message) {
  console.log(`[bench] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Everything started is registered here and stopped in reverse order, once.

let currentWrk = null;
const session = stopOnExit({
  beforeStop: () => {
    if (currentWrk && currentWrk.exitCode === null && currentWrk.signalCode === null) currentWrk.kill('SIGKILL');
  },
});
const { running } = session;

/** Stops a process and whatever children it left behind (next start may fork), by PID. */
async function stopTree(handle, signal = 'SIGTERM') {
  const pid = handle.child.pid;
  const descendants = pid ? treePids(pid).slice(1) : [];
  await stopProcess(handle, signal);
  for (const child of descendants) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// ---------------------------------------------------------------------------------------------
// /proc: CPU time and RSS of a process and its descendants

function childrenOf(pid) {
  const out = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

function treePids(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) pids.push(...childrenOf(pids[i]));
  return pids;
}

/** utime + stime (all threads) of `pid` alone; `children: true` → cutime + cstime (reaped children). */
function statTicks(pid, { children = false } = {}) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17.
    return children ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function cpuMs(pid) {
  if (!pid) return 0;
  return (treePids(pid).reduce((sum, p) => sum + statTicks(p), 0) * 1000) / CLK_TCK;
}

/** CPU of the children this process has reaped (wrk runs). */
function reapedChildrenCpuMs() {
  return (statTicks(process.pid, { children: true }) * 1000) / CLK_TCK;
}

/** Busy CPU time of the whole machine (all cores), from the first line of /proc/stat. */
function machineBusyMs() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // irq/softirq left out: loopback traffic of the bench itself is partly accounted there.
  const [user, nice, system, , , , , steal] = fields;
  return ((user + nice + system + (steal || 0)) * 1000) / CLK_TCK;
}

/** TCP connections opened on this machine so far (Tcp ActiveOpens in /proc/net/snmp). */
function tcpActiveOpens() {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('Tcp:'));
  const [names, values] = lines.map((line) => line.split(/\s+/));
  return Number(values[names.indexOf('ActiveOpens')]);
}

function selfCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function rssKiB(pid) {
  if (!pid) return 0;
  let total = 0;
  for (const p of treePids(pid)) {
    try {
      const match = readFileSync(`/proc/${p}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
      if (match) total += Number(match[1]);
    } catch {
      // gone
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Seeding: straight into SQLite, in the shapes Prisma writes (see prisma/migrations/sqlite)

function gatehouseEnv(dataDir, port, publicPort) {
  return benchServerEnv({
    dataDir,
    port,
    url: `http://${PORTAL_HOST}:${publicPort}`,
    encryptionKey: ENCRYPTION_KEY.toString('hex'),
    extra: {
      GATEHOUSE_COOKIE_DOMAIN: COOKIE_DOMAIN,
      ...(options.metrics ? { GATEHOUSE_METRICS: 'on' } : {}),
      ...(options.jsonLogs ? { GATEHOUSE_LOG_FORMAT: 'json' } : {}),
    },
  });
}

/**
 * Users, sessions and rules for one data dir. Returns the cookie header values of the sessions,
 * in order. `lastSeenAt` is a few minutes old, so each session gets its "last seen" write on
 * first use in the bench, as a signed-in user's session does once a minute.
 */
function seed(Database, dbPath, { users, sessionsPerUser, rules }) {
  const db = new Database(dbPath);
  try {
    const now = new Date();
    const created = sqliteTime(new Date(now.getTime() - 3_600_000));
    const lastSeen = sqliteTime(new Date(now.getTime() - 5 * 60_000));
    const expires = sqliteTime(new Date(now.getTime() + 6 * 24 * 3_600_000));
    const cookies = [];
    const insertUser = db.prepare(
      `INSERT INTO "User" ("id","username","email","displayName","passwordHash","status","statusChangedAt","createdAt","updatedAt")
       VALUES (?,?,?,?,NULL,'active',?,?,?)`,
    );
    const insertGroup = db.prepare(`INSERT INTO "Group" ("id","name","description","createdAt") VALUES (?,?,'',?)`);
    const insertMember = db.prepare(`INSERT INTO "UserGroup" ("userId","groupId","createdAt") VALUES (?,?,?)`);
    const insertSession = db.prepare(
      `INSERT INTO "Session" ("id","tokenHash","userId","level","createdAt","lastSeenAt","expiresAt","ip","userAgent")
       VALUES (?,?,?,'one_factor',?,?,?,'127.0.0.1','bench')`,
    );
    const insertRule = db.prepare(
      `INSERT INTO "AccessRule" ("id","position","description","domains","paths","methods","subjects","networks","policy","createdAt","updatedAt")
       VALUES (?,?,?,?,?,'[]','[]','[]',?,?,?)`,
    );
    const setSetting = db.prepare(
      `INSERT INTO "Setting" ("key","value","updatedAt") VALUES (?,?,?) ON CONFLICT("key") DO UPDATE SET "value"=excluded."value", "updatedAt"=excluded."updatedAt"`,
    );
    db.transaction(() => {
      const groups = ['users', 'staff'].map((name) => {
        const id = randomUUID();
        insertGroup.run(id, name, created);
        return id;
      });
      for (let u = 0; u < users; u++) {
        const id = randomUUID();
        const username = `bench${String(u).padStart(5, '0')}`;
        insertUser.run(id, username, `${username}@bench.test`, `Bench User ${u}`, created, created, created);
        insertMember.run(id, groups[0], created);
        if (u % 2 === 0) insertMember.run(id, groups[1], created);
        for (let s = 0; s < sessionsPerUser; s++) {
          const token = randomBytes(32).toString('base64url');
          insertSession.run(randomUUID(), sha256Hex(token), id, created, lastSeen, expires);
          cookies.push(`${COOKIE_NAME}=${token}`);
        }
      }
      rules.forEach((rule, index) => {
        insertRule.run(
          randomUUID(),
          index + 1,
          rule.description,
          JSON.stringify(rule.domains),
          JSON.stringify(rule.paths ?? []),
          rule.policy,
          created,
          created,
        );
      });
      setSetting.run('access.rules_version', `bench-${Date.now()}-${randomBytes(4).toString('hex')}`, sqliteTime(now));
    })();
    return cookies;
  } finally {
    db.close();
  }
}

/**
 * Paperless for the first `users` users (by username) of a data dir seeded above: the connection
 * (its public URL's host is the only one app tokens open), each user's Paperless account with
 * a sealed real token, and `tokensPerUser` app tokens per user, as the app-token form (/tokens)
 * writes them (hash only, never used yet: each gets its "last used" write on first use in the
 * bench). `seal` is lib/crypto.ts' sealSecret and `context` lib/paperless' realTokenContext.
 * Returns, in order, the Authorization header values with the real token each one stands for.
 */
function seedAppTokens(Database, dbPath, { users, tokensPerUser, publicUrl, seal, realTokenContext }) {
  const db = new Database(dbPath);
  try {
    const created = sqliteTime(new Date(Date.now() - 3_600_000));
    const insertConnection = db.prepare(
      `INSERT INTO "PaperlessConnection" ("id","internalUrl","publicUrl","adminToken","tokenSource","updatedAt")
       VALUES ('default',?,?,?,'password',?)`,
    );
    const insertAccount = db.prepare(
      `INSERT INTO "PaperlessAccount" ("userId","paperlessUserId","paperlessUsername","realToken","tokenObtainedAt","provisionedAt","updatedAt")
       VALUES (?,?,?,?,?,?,?)`,
    );
    const insertToken = db.prepare(
      `INSERT INTO "DeviceToken" ("id","userId","label","tokenHash","requestId","createdAt","lastUsedAt","expiresAt","revokedAt","revokedById")
       VALUES (?,?,?,?,?,?,NULL,NULL,NULL,NULL)`,
    );
    const rows = db.prepare(`SELECT "id","username" FROM "User" WHERE "status" = 'active' ORDER BY "username" LIMIT ?`).all(users);
    if (rows.length < users) throw new Error(`seedAppTokens: ${rows.length} active users in ${dbPath}, ${users} needed`);
    const tokens = [];
    db.transaction(() => {
      // Nothing listens there: the verify endpoint never calls Paperless.
      insertConnection.run('http://127.0.0.1:9', publicUrl, seal(randomBytes(20).toString('hex'), ENCRYPTION_KEY, PAPERLESS_ADMIN_TOKEN_CONTEXT), created);
      rows.forEach((user, index) => {
        const real = randomBytes(20).toString('hex');
        insertAccount.run(user.id, index + 2, user.username, seal(real, ENCRYPTION_KEY, realTokenContext(user.id)), created, created, created);
        for (let t = 0; t < tokensPerUser; t++) {
          const token = randomBytes(20).toString('hex'); // what Paperless apps send: 40 lower-case hex
          insertToken.run(randomUUID(), user.id, `bench phone ${t + 1}`, sha256Hex(token), randomUUID(), created);
          tokens.push({ header: `Token ${token}`, real, username: user.username });
        }
      });
    })();
    return tokens;
  } finally {
    db.close();
  }
}

/**
 * 499 rules that do not match app.bench.test (exact and wildcard domains of the same zone), then
 * G6's path rules for rx.bench.test (never candidates for app.bench.test: rules are indexed by
 * host), then the one that matches app.bench.test.
 */
function manyRules(count) {
  const rules = [];
  for (let i = 1; i < count; i++) {
    const domain = i % 2 ? `svc${i}.${COOKIE_DOMAIN}` : `*.svc${i}.${COOKIE_DOMAIN}`;
    rules.push({ description: `bench rule ${i}`, domains: [domain, `alt${i}.example.org`], policy: i % 3 ? 'one_factor' : 'deny' });
  }
  rules.push(...regexRules());
  rules.push({ description: 'bench: the apps', domains: [`*.${COOKIE_DOMAIN}`], policy: 'one_factor' });
  return rules;
}

/** G6: 11 prefix and regex rules that do not match REGEX_PATH, then a regex rule that does (paths in the stored JSON shape). */
function regexRules() {
  const prefix = (value) => ({ kind: 'prefix', value });
  const regex = (value) => ({ kind: 'regex', value });
  const rules = [
    ['deny', [prefix('/admin/'), prefix('/api/token/')]],
    ['deny', [regex('^/api/v[0-9]+/internal/')]],
    ['deny', [regex('^/api/[a-z_]+/[0-9]+/(delete|purge)/?$')]],
    ['bypass', [regex('^/static/.+\\.(css|js|png|svg)$'), prefix('/favicon.ico')]],
    ['two_factor', [regex('^/api/documents/[0-9]+/download/')]],
    ['deny', [regex('\\.php$')]],
    ['deny', [regex('^/api/(users|groups|profile)/')]],
    ['bypass', [prefix('/api/ui_settings/'), prefix('/api/remote_version/')]],
    ['deny', [regex('^/api/documents/bulk_(edit|download)/')]],
    ['two_factor', [regex('^/api/mail_(accounts|rules)/')]],
    ['deny', [regex('^/api/[a-z_]+/\\?.*format=csv')]],
    ['one_factor', [regex('^/api/documents/[0-9]+/(preview|thumb|metadata)/')]],
  ];
  return rules.map(([policy, paths], i) => ({ description: `bench regex rule ${i + 1}`, domains: [REGEX_HOST], paths, policy }));
}

// ---------------------------------------------------------------------------------------------
// nginx configuration: the generator's own output, one copy per verifier

/** Gatehouse's own TypeScript bundled with esbuild into `dir` and imported. */
async function loadBundled(dir, entry, name) {
  const out = join(dir, `${name}.mjs`);
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'esbuild'),
    [
      entry,
      '--bundle',
      '--platform=node',
      '--target=node20',
      '--format=esm',
      `--outfile=${out}`,
      '--log-level=warning',
      // Packages are bundled too (the file lives outside the repo); their CommonJS require()s need a require.
      "--banner:js=import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`esbuild ${entry} failed:\n${result.stderr}${result.stdout}`);
  return import(pathToFileURL(out).href);
}

/** lib/proxy-config bundled with esbuild, so the bench runs exactly what the admin page shows. */
function loadProxyConfigGenerator(dir) {
  return loadBundled(dir, 'lib/proxy-config/index.ts', 'proxy-config');
}

/** sealSecret (lib/crypto.ts) and realTokenContext (lib/paperless): the real tokens are sealed as Gatehouse seals them. */
function loadSealing(dir) {
  const entry = join(dir, 'sealing-entry.mjs');
  writeFileSync(
    entry,
    `export { sealSecret } from ${JSON.stringify(join(root, 'lib', 'crypto.ts'))};\n` +
      `export { realTokenContext } from ${JSON.stringify(join(root, 'lib', 'paperless', 'real-token-context.ts'))};\n`,
  );
  return loadBundled(dir, entry, 'sealing');
}

/**
 * The generated nginx config for one verifier on `listenPort`. Several copies share one nginx, so
 * each gets its own upstream name, and only the first keeps the (identical) `map` block.
 */
function generatedConfig(generator, { tag, verifierPort, listenPort, echoUrl, keepMap, paperless = false, extraHosts = [] }) {
  const full = generator.nginxConfig({
    portalUrl: `http://${PORTAL_HOST}:${listenPort}`,
    cookieDomain: COOKIE_DOMAIN,
    gatehouseUpstream: `http://127.0.0.1:${verifierPort}`,
    // The Paperless app is served by the echo app too, so the bench sees what Paperless would get.
    apps: [
      { host: APP_HOST, upstream: echoUrl },
      ...extraHosts.map((host) => ({ host, upstream: echoUrl })),
      ...(paperless ? [{ host: PAPERLESS_HOST, upstream: echoUrl, paperless: true }] : []),
    ],
    listen: { scheme: 'http', port: listenPort, address: '127.0.0.1' },
  }).full;
  let text = full
    .replace(/^upstream gatehouse \{/m, `upstream gatehouse_${tag} {`)
    .replace(/(proxy_pass https?:\/\/)gatehouse(?=[/;])/g, `$1gatehouse_${tag}`)
    .replace(/\bgatehouse_app_([\w.-]+)/g, `gatehouse_${tag}_app_$1`);
  if (!keepMap) text = text.replace(/^map \$http_upgrade \$gatehouse_connection_upgrade \{[\s\S]*?^\}\n/m, '');
  if (!text.includes(`upstream gatehouse_${tag} {`) || /proxy_pass https?:\/\/gatehouse[/;]/.test(text)) {
    throw new Error(
      'the generated nginx config no longer has the shape this bench renames (upstream gatehouse, proxy_pass http://gatehouse…): update scripts/bench-verify.mjs',
    );
  }
  return `# ---- ${tag}: generated by lib/proxy-config (verifier on 127.0.0.1:${verifierPort})\n${text}`;
}

/**
 * The ceiling: the same generated app location with the auth_request lines removed (same proxy
 * headers, same proxy_pass to the echo app).
 */
function ceilingConfig(generator, { listenPort, echoUrl }) {
  const text = generatedConfig(generator, { tag: 'ceiling', verifierPort: 9, listenPort, echoUrl, keepMap: false });
  const app = text.slice(text.indexOf(`server_name ${APP_HOST};`));
  const location = app.slice(app.indexOf('    location / {'));
  const body = location
    .split('\n')
    .filter((line) => !/^\s*(auth_request|auth_request_set|error_page 40[13])\b/.test(line))
    // What Gatehouse's answer would fill in: identities and the filtered Cookie.
    .filter((line) => !/^\s*proxy_set_header (Remote-\w+|Cookie) \$gatehouse_\w+;/.test(line))
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  const upstream = text.match(/^upstream (gatehouse_ceiling_app_[\w.-]+) \{[\s\S]*?^\}$/m);
  if (/auth_request/.test(body) || !upstream || !body.includes(`proxy_pass http://${upstream[1]};`))
    throw new Error('could not derive the ceiling location from the generated config');
  // The host the server block judges and forwards (set at server level, read by the location).
  const hostLine = app.match(/^\s*set \$gatehouse_host [^;\n]+;$/m)?.[0];
  if (!hostLine) throw new Error("could not find the server block's $gatehouse_host in the generated config");
  return [
    `# ---- ceiling: the generated app location without auth_request`,
    upstream[0],
    'server {',
    `    listen 127.0.0.1:${listenPort};`,
    `    server_name ${APP_HOST};`,
    hostLine,
    '',
    body.trimEnd(),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTTP probe (sanity checks before load)

function probe(port, { host, path = '/', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host, Accept: 'text/html', ...headers }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error('probe timed out')));
    req.once('error', reject);
    req.end();
  });
}

async function waitForHttp(port, path, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const status = await new Promise((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
        req.once('error', reject);
        req.end();
      });
      if (status < 500) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answered on 127.0.0.1:${port}${path} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function sanityCheck(scenario) {
  const credentials = scenario.credentials ?? [null];
  const picks = credentials.length > 2 ? [credentials[0], credentials[Math.floor(credentials.length / 2)], credentials[credentials.length - 1]] : credentials;
  for (const credential of picks) {
    const res = await probe(scenario.port, { host: scenario.host, path: scenario.path ?? '/', headers: credential ? { [scenario.header]: credential } : {} });
    const problems = [];
    if (res.status !== scenario.expect) problems.push(`status ${res.status}, expected ${scenario.expect}`);
    if (scenario.expect === 302 && !String(res.headers.location ?? '').startsWith(`http://${PORTAL_HOST}:`)) problems.push(`Location ${res.headers.location}`);
    if (scenario.expect === 200) {
      let seen = null;
      try {
        seen = JSON.parse(res.body);
      } catch {
        problems.push("the body is not the echo app's JSON");
      }
      const user = seen?.headers?.['remote-user'];
      if (scenario.identity && !/^bench\d{5}$/.test(user ?? '')) problems.push(`the app saw Remote-User ${JSON.stringify(user)}`);
      if (!scenario.identity && user) problems.push(`the app saw Remote-User ${JSON.stringify(user)} without auth`);
      if (scenario.device) problems.push(...appTokenProblems(scenario, credential, seen?.headers ?? {}));
    }
    if (problems.length) throw new Error(`sanity check of ${scenario.name} failed: ${problems.join('; ')}\n${res.body.slice(0, 500)}`);
    if (scenario.device) await checkDeviceVerifyAnswer(scenario, credential);
  }
}

/** What the Paperless app behind nginx saw for a device token (`seen`: the echo app's request headers). */
function appTokenProblems(scenario, header, seen) {
  const { username, real } = scenario.device.byHeader.get(header);
  const problems = [];
  if (seen['remote-user'] !== username)
    problems.push(`the app saw Remote-User ${JSON.stringify(seen['remote-user'])}, expected ${username} (the token's owner)`);
  // The generator's Paperless server block moves Gatehouse's real token into Authorization.
  if (scenario.device.swapped && seen.authorization !== `Token ${real}`) {
    problems.push(
      `the app saw Authorization ${seen.authorization === header ? '(the device token)' : JSON.stringify(seen.authorization)}, expected the user's real Paperless token`,
    );
  }
  return problems;
}

/**
 * Gatehouse's own answer for a device token, asked the way nginx's auth_request asks: 200 with
 * X-Paperless-Authorization: Token <the real token sealed for that user>. Otherwise the bench
 * would measure something other than the device-token path.
 */
async function checkDeviceVerifyAnswer(scenario, header) {
  const { real } = scenario.device.byHeader.get(header);
  const verifierPort = scenario.device.verifierPort;
  const res = await probe(verifierPort, {
    host: `127.0.0.1:${verifierPort}`,
    path: '/api/verify',
    headers: {
      'X-Original-URL': `http://${scenario.host}/`,
      'X-Original-Method': 'GET',
      'X-Forwarded-Method': 'GET',
      'X-Forwarded-Proto': 'http',
      'X-Forwarded-Host': scenario.host,
      'X-Forwarded-Uri': '/',
      'X-Forwarded-For': '127.0.0.1',
      'X-Real-IP': '127.0.0.1',
      Authorization: header,
    },
  });
  const got = res.headers['x-paperless-authorization'];
  if (res.status !== 200 || got !== `Token ${real}`) {
    throw new Error(
      `sanity check of ${scenario.name} failed: Gatehouse's verify answer for a device token on ${scenario.host} was ${res.status} ` +
        `with X-Paperless-Authorization ${got === undefined ? '(absent)' : got === `Token ${real}` ? '(the real token)' : '(not the real token)'}; ` +
        `expected 200 with "X-Paperless-Authorization: Token <the user's real Paperless token>" ` +
        `(seeded DeviceToken/PaperlessAccount/PaperlessConnection rows, GATEHOUSE_ENCRYPTION_KEY)${res.body ? `\n${res.body.slice(0, 500)}` : ''}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// wrk

function runWrk(scenario, seconds) {
  return new Promise((resolve, reject) => {
    const args = [
      `-t${THREADS}`,
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      LUA,
      `http://127.0.0.1:${scenario.port}/`,
      '--',
      scenario.host,
      String(scenario.expect),
      scenario.credentialFile ?? '-',
      scenario.header ?? 'Cookie',
      scenario.path ?? '/',
    ];
    const child = spawn('wrk', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    currentWrk = child;
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      currentWrk = null;
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) return reject(new Error(`wrk for ${scenario.name} failed (${signal ?? `exit ${code}`}):\n${out.slice(-2000)}`));
      const result = JSON.parse(line.slice('BENCH_RESULT '.length));
      const counted = Object.values(result.statuses).reduce((a, b) => a + b, 0);
      const wrong = Object.entries(result.statuses)
        .filter(([status]) => Number(status) !== scenario.expect)
        .reduce((sum, [, n]) => sum + n, 0);
      const socket = result.errors.connect + result.errors.read + result.errors.write + result.errors.timeout;
      resolve({
        ...result,
        counted,
        wrong,
        socket,
        rps: result.requests / (result.duration_us / 1e6),
      });
    });
  });
}

async function measure(scenario, seconds, procs) {
  const verifierPid = scenario.verifier?.child.pid;
  const ours = () => procs.all.reduce((sum, handle) => sum + cpuMs(handle.child.pid), 0) + reapedChildrenCpuMs() + selfCpuMs();
  const before = {
    machine: machineBusyMs(),
    ours: ours(),
    opens: tcpActiveOpens(),
    verifier: cpuMs(verifierPid),
    nginx: cpuMs(procs.nginx.child.pid),
    echo: cpuMs(procs.echo.child.pid),
    wrk: reapedChildrenCpuMs(),
    wall: performance.now(),
  };
  // Memory of a Gatehouse with the memory probe: RSS sampled during the run, the heap at 80 % of it.
  const probed = scenario.verifier?.memoryProbe === true;
  const sampler = probed ? sampleRss(verifierPid) : null;
  let heap = null;
  const heapTimer = probed ? setTimeout(() => heapFigures(scenario.verifier).then((figures) => (heap = figures)), seconds * 800) : null;
  const result = await runWrk(scenario, seconds);
  const wall = performance.now() - before.wall;
  const memory = probed ? { peakKiB: sampler.stop(), endKiB: procStatusKiB(verifierPid, 'VmRSS'), heap } : null;
  clearTimeout(heapTimer);
  // wrk opens its 32 connections once; nginx opens one per request to the echo app (the generated
  // app location has no upstream keepalive) and, when the verifier's answers cannot be kept
  // alive, one more per request to the verifier.
  const opensPerRequest = (tcpActiveOpens() - before.opens) / Math.max(1, result.requests);
  const per = (ms) => (ms * 1000) / Math.max(1, result.requests); // µs per request
  const cpu = {
    verifier: verifierPid ? per(cpuMs(verifierPid) - before.verifier) : null,
    nginx: per(cpuMs(procs.nginx.child.pid) - before.nginx),
    echo: per(cpuMs(procs.echo.child.pid) - before.echo),
    wrk: per(reapedChildrenCpuMs() - before.wrk),
  };
  cpu.total = (cpu.verifier ?? 0) + cpu.nginx + cpu.echo + cpu.wrk;
  cpu.busy = (cpu.total * result.requests) / 1000 / wall / cpus().length; // share of all cores
  // CPU used by processes this bench did not start (another test run, a build…): it skews everything.
  const oursMs = ours() - before.ours;
  const foreignMs = Math.max(0, machineBusyMs() - before.machine - oursMs);
  cpu.foreign = foreignMs / wall / cpus().length;
  // …and background work of this bench's processes that are not in this scenario (e.g. a Gatehouse
  // still writing "last seen" times queued in an earlier scenario).
  const inScenarioMs = (cpu.total * result.requests) / 1000;
  cpu.background = Math.max(0, oursMs - inScenarioMs) / wall / cpus().length;
  return { ...result, cpu, opensPerRequest, rssKiB: verifierPid ? rssKiB(verifierPid) : null, memory };
}

// ---------------------------------------------------------------------------------------------
// Report

const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fixed = (value, digits) => (value === null || value === undefined ? '—' : value.toFixed(digits));

function summarize(scenarios, results) {
  const rows = scenarios.map((scenario) => {
    const runs = results.get(scenario.name);
    return {
      scenario,
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50_us / 1000)),
      p99: median(runs.map((r) => r.p99_us / 1000)),
      errors: runs.reduce((sum, r) => sum + r.socket + r.wrong, 0),
      socket: runs.reduce((sum, r) => sum + r.socket, 0),
      wrong: runs.reduce((sum, r) => sum + r.wrong, 0),
      wrongStatuses: runs.flatMap((r) =>
        Object.entries(r.statuses)
          .filter(([s]) => Number(s) !== scenario.expect)
          .map(([s, n]) => `${s}×${n}`),
      ),
      requests: runs.reduce((sum, r) => sum + r.requests, 0),
      cpu: Object.fromEntries(
        ['verifier', 'nginx', 'echo', 'wrk', 'total', 'busy', 'background', 'foreign'].map((k) => [k, median(runs.map((r) => r.cpu[k]))]),
      ),
      opens: median(runs.map((r) => r.opensPerRequest)),
      rssMiB: runs.some((r) => r.rssKiB) ? Math.max(...runs.map((r) => r.rssKiB ?? 0)) / 1024 : null,
      perRound: runs.map((r) => r.rps),
      memory: runs.some((r) => r.memory)
        ? {
            peakKiB: Math.max(...runs.map((r) => r.memory?.peakKiB ?? 0)),
            endKiB: runs.at(-1).memory?.endKiB ?? null,
            heap: runs.findLast((r) => r.memory?.heap)?.memory.heap ?? null,
          }
        : null,
    };
  });
  const byName = Object.fromEntries(rows.map((row) => [row.scenario.name, row]));
  for (const row of rows) {
    row.vsC = byName.C?.rps ? row.rps / byName.C.rps : null;
    row.vsN = byName.N?.rps ? row.rps / byName.N.rps : null;
  }
  return { rows, byName };
}

function renderTable(headers, body, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (align[i] === 'l' ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function renderMarkdown(headers, body, align) {
  return [`| ${headers.join(' | ')} |`, `|${align.map((a) => (a === 'l' ? ':---' : '---:')).join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join(
    '\n',
  );
}

function report(summary, meta) {
  const { rows, byName } = summary;
  const mainHeaders = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', '×C', '×N', 'verifier CPU µs/req', 'nginx CPU µs/req', 'verifier RSS MiB'];
  const mainAlign = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
  const mainBody = rows.map((row) => [
    `${row.scenario.name} ${row.scenario.label}`,
    fixed(row.rps, 0),
    fixed(row.p50, 2),
    fixed(row.p99, 2),
    String(row.errors),
    fixed(row.vsC, 2),
    fixed(row.vsN, 2),
    fixed(row.cpu.verifier, 0),
    fixed(row.cpu.nginx, 0),
    fixed(row.rssMiB, 0),
  ]);
  const cpuHeaders = ['scenario', 'verifier', 'nginx', 'echo app', 'wrk', 'total', 'cores busy', 'background', 'others busy', 'TCP opens/req'];
  const cpuAlign = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'];
  const cpuBody = rows.map((row) => [
    row.scenario.name,
    fixed(row.cpu.verifier, 0),
    fixed(row.cpu.nginx, 0),
    fixed(row.cpu.echo, 0),
    fixed(row.cpu.wrk, 0),
    fixed(row.cpu.total, 0),
    row.cpu.busy === null ? '—' : `${Math.round(row.cpu.busy * 100)} %`,
    row.cpu.background === null ? '—' : `${Math.round(row.cpu.background * 100)} %`,
    row.cpu.foreign === null ? '—' : `${Math.round(row.cpu.foreign * 100)} %`,
    fixed(row.opens, 2),
  ]);
  const foreign = Math.max(...rows.map((row) => row.cpu.foreign ?? 0));
  const foreignNote =
    foreign > 0.05
      ? `WARNING: processes this bench did not start used up to ${Math.round(foreign * 100)} % of the cores during a measured run ` +
        `(load average before the run: ${meta.loadBefore}); the numbers are lower and noisier than on an idle machine.`
      : null;

  const totalErrors = rows.reduce((sum, row) => sum + row.errors, 0);
  const targetLines = TARGETS.map(({ ratio, min, label }) => {
    const value = byName[ratio]?.vsN ?? null;
    return `${label ? `${label}: ` : ''}${ratio}/N = ${fixed(value, 2)} (target ≥ ${min.toFixed(2)}) ${value !== null && value >= min ? 'PASS' : 'FAIL'}`;
  });
  targetLines.push(`errors = ${totalErrors} ${totalErrors === 0 ? 'PASS' : 'FAIL'}`);
  // Memory of the fast-path Gatehouse (G1–G3, G5): next to the ratios, as issue 18 asks.
  const memory = meta.memory;
  const memoryTable = memory
    ? memoryRows({
        ...memory,
        rows: MEMORY_SCENARIOS.filter((name) => byName[name]?.memory).map((name) => ({
          label: `${name} ${byName[name].scenario.label}`,
          ...byName[name].memory,
        })),
      })
    : null;
  if (memory) {
    const idle = memory.idleKiB / 1024;
    const load = (byName.G2?.memory?.peakKiB ?? 0) / 1024;
    targetLines.push(`RSS idle = ${idle.toFixed(0)} MiB (target ≤ ${RSS_IDLE_TARGET_MIB}) ${idle <= RSS_IDLE_TARGET_MIB ? 'PASS' : 'FAIL'}`);
    targetLines.push(
      `RSS peak under G2 = ${load.toFixed(0)} MiB (target ≤ ${RSS_LOAD_TARGET_MIB}) ${load > 0 && load <= RSS_LOAD_TARGET_MIB ? 'PASS' : 'FAIL'}`,
    );
  }
  const memoryTitle = `Memory of the fast-path Gatehouse (${options.plainLaunch ? '' : 'started as `npm start` starts it: '}${meta.launchFlags}; RSS from /proc/<pid>/status, sampled every 100 ms; heap at 80 % of a run):`;
  const errorNotes = rows
    .filter((row) => row.errors)
    .map(
      (row) =>
        `${row.scenario.name}: ${row.socket} socket errors, ${row.wrong} wrong statuses${row.wrongStatuses.length ? ` (${row.wrongStatuses.join(', ')}; expected ${row.scenario.expect})` : ''}`,
    );
  const perRound = rows.map((row) => `${row.scenario.name} ${row.perRound.map((v) => v.toFixed(0)).join(' / ')}`).join(', ');
  const setup =
    `wrk -t${THREADS} -c${CONNECTIONS}, ${meta.rounds} round(s) × ${meta.duration} s measured (${meta.warmup} s warm-up per scenario per round; G2's and G5's long enough to send each cookie or token once), ` +
    `median across rounds; ${meta.cores} cores (${meta.cpuModel}), Node ${process.versions.node}, ${meta.nginx}, ${meta.wrk}. ` +
    `All on 127.0.0.1: wrk, nginx (1 worker), the verifier and the echo app share the cores.` +
    (meta.cpuProf ? ` V8 CPU profiling was ON for the Gatehouse processes (${PROFILE_DIR_TEXT}): their numbers are inflated.` : '') +
    (options.metrics ? ' Metrics ON for the Gatehouse processes (--metrics).' : '') +
    (options.jsonLogs ? ' JSON request logs ON for the Gatehouse processes (--json-logs).' : '');
  const legend = rows.map((row) => `${row.scenario.name}: ${row.scenario.description}`);

  const console_ = [
    '',
    `Verify endpoint benchmark — ${meta.date}`,
    setup,
    '',
    renderTable(mainHeaders, mainBody, mainAlign),
    '',
    'CPU per request by process (µs; "cores busy" = these processes / wall time / cores; "background" = the bench\'s other processes',
    '(idle verifiers, the bench itself); "others busy" = processes the bench did not start;',
    '"TCP opens/req" = new TCP connections on the machine per request: 1 is nginx → echo app, more means the verifier\'s connections are not kept alive):',
    renderTable(cpuHeaders, cpuBody, cpuAlign),
    '',
    ...(memoryTable ? [memoryTitle, renderTable(memoryTable.headers, memoryTable.body, memoryTable.align), ''] : []),
    `req/s per round: ${perRound}`,
    ...(errorNotes.length ? ['', 'Errors:', ...errorNotes.map((n) => `  ${n}`)] : []),
    ...(meta.warmupWrong ? ['', `Warm-up runs also had wrong statuses: ${meta.warmupWrong}`] : []),
    ...(foreignNote ? ['', foreignNote] : []),
    '',
    ...legend.map((l) => `  ${l}`),
    '',
    ...targetLines,
    '',
  ].join('\n');

  const markdown = [
    '# Verify endpoint benchmark',
    '',
    `${meta.date}. ${setup}`,
    '',
    renderMarkdown(mainHeaders, mainBody, mainAlign),
    '',
    'CPU per request by process (µs), and new TCP connections per request (1 = nginx → echo app; more = verifier connections not kept alive):',
    '',
    renderMarkdown(cpuHeaders, cpuBody, cpuAlign),
    '',
    ...(memoryTable ? [memoryTitle, '', renderMarkdown(memoryTable.headers, memoryTable.body, memoryTable.align), ''] : []),
    `req/s per round: ${perRound}`,
    ...(errorNotes.length ? ['', 'Errors:', '', ...errorNotes.map((n) => `- ${n}`)] : []),
    ...(meta.warmupWrong ? ['', `Warm-up runs also had wrong statuses: ${meta.warmupWrong}`] : []),
    ...(foreignNote ? ['', `**${foreignNote}**`] : []),
    '',
    ...legend.map((l) => `- ${l}`),
    '',
    ...targetLines.map((l) => `- ${l}`),
    '',
  ].join('\n');
  return { console: console_, markdown };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  checkNode();
  ensureDebianPackages(['nginx', 'wrk']);
  ensureInstalled();
  generateClients();
  ensureBuilt();
  const { default: Database } = await import('better-sqlite3');

  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const workDir = (session.workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-')));
  const generator = await loadProxyConfigGenerator(workDir);
  const sealing = await loadSealing(workDir);

  // Ports: one nginx server block per verifier, each on its own port.
  const ports = {};
  for (const name of ['nginxC', 'nginxN', 'nginxG', 'nginxG4', 'nginxRoute', 'gatehouse', 'gatehouse4', 'nextStart']) ports[name] = await freePort();

  // Data: one database for the fast path and next start (1 rule, 1 + 10 000 sessions, 1 000 device
  // tokens), one with 500 rules.
  const dataMain = join(workDir, 'data-main');
  const dataRules = join(workDir, 'data-rules');
  const envMain = gatehouseEnv(dataMain, ports.gatehouse, ports.nginxG);
  const envRules = gatehouseEnv(dataRules, ports.gatehouse4, ports.nginxG4);
  const envRoute = gatehouseEnv(dataMain, ports.nextStart, ports.nginxRoute);
  say('creating the databases…');
  migrateWith(envMain);
  migrateWith(envRules);
  const appsRule = [{ description: 'bench: the apps', domains: [`*.${COOKIE_DOMAIN}`], policy: 'one_factor' }];
  const mainCookies = seed(Database, join(dataMain, 'gatehouse.db'), { users: 1_000, sessionsPerUser: 10, rules: appsRule });
  // Paperless device tokens in the same database, for the same fast-path Gatehouse (G5).
  const appTokens = seedAppTokens(Database, join(dataMain, 'gatehouse.db'), {
    users: DEVICE_USERS,
    tokensPerUser: DEVICE_TOKENS_PER_USER,
    publicUrl: `http://${PAPERLESS_HOST}:${ports.nginxG}`,
    seal: sealing.sealSecret,
    realTokenContext: sealing.realTokenContext,
  });
  const g1Cookies = mainCookies.slice(0, 1);
  const g2Cookies = mainCookies.slice(0, G2_SESSIONS);
  const routeCookies = mainCookies.slice(1, 2); // another user's session: its own cache entry in next start
  const g4Cookies = seed(Database, join(dataRules, 'gatehouse.db'), { users: 1, sessionsPerUser: 1, rules: manyRules(G4_RULES) });
  const credentialFile = (name, credentials) => {
    const file = join(workDir, `${name}.credentials`);
    writeFileSync(file, `${credentials.join('\n')}\n`);
    return file;
  };

  say('starting the echo app, the bare node:http server, Gatehouse (×2) and next start…');
  const echo = await startEchoApp();
  running.push({ name: 'echo app', stop: () => echo.stop() });
  const bare = await startProcess('bare-verify', process.execPath, [BARE, '--port', '0'], { ready: /bare-verify ready port=(\d+)/, timeoutMs: 10_000 });
  running.push({ name: 'bare node:http', stop: () => stopProcess(bare) });
  const barePort = Number(bare.match[1]);
  // JSON logs have no blank line after the start-up message.
  const readyGatehouse = options.jsonLogs ? /"msg":"Mail: [^\n]*\n/ : /is running at[\s\S]*\n\n/;
  const profile = (name) => {
    if (!options.cpuProf) return [];
    mkdirSync(PROFILE_DIR, { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`];
  };
  // As `npm start` starts it (scripts/lib/server-launch.mjs), with the memory probe preloaded.
  const startGatehouse = async (name, env, profileName) => {
    const launch = options.plainLaunch ? { command: process.execPath, args: [SERVER_BUNDLE], env } : serverLaunch([], env);
    const handle = await startProcess(name, launch.command, ['--import', MEMORY_PROBE, ...profile(profileName), ...launch.args], {
      env: launch.env,
      ready: readyGatehouse,
      timeoutMs: 60_000,
    });
    handle.memoryProbe = true;
    return handle;
  };
  const gatehouse = await startGatehouse('gatehouse', envMain, 'fast-path');
  const memory = { startKiB: procStatusKiB(gatehouse.child.pid, 'VmRSS') };
  running.push({ name: 'gatehouse', stop: () => stopProcess(gatehouse) });
  const gatehouse4 = await startGatehouse('gatehouse (500 rules)', envRules, 'rules500');
  running.push({ name: 'gatehouse (500 rules)', stop: () => stopProcess(gatehouse4) });
  const nextStart = await startProcess(
    'next start',
    process.execPath,
    [...profile('next-start'), NEXT_BIN, 'start', '-p', String(ports.nextStart), '-H', '127.0.0.1'],
    {
      env: envRoute,
      ready: /Ready in|started server on/i,
      timeoutMs: 60_000,
    },
  );
  running.push({ name: 'next start', stop: () => stopTree(nextStart) });
  await waitForHttp(ports.nextStart, '/api/health');

  const nginxConfig = [
    ceilingConfig(generator, { listenPort: ports.nginxC, echoUrl: echo.url }),
    generatedConfig(generator, { tag: 'node_limit', verifierPort: barePort, listenPort: ports.nginxN, echoUrl: echo.url, keepMap: true }),
    generatedConfig(generator, {
      tag: 'fast_path',
      verifierPort: ports.gatehouse,
      listenPort: ports.nginxG,
      echoUrl: echo.url,
      keepMap: false,
      paperless: true,
    }),
    generatedConfig(generator, {
      tag: 'rules500',
      verifierPort: ports.gatehouse4,
      listenPort: ports.nginxG4,
      echoUrl: echo.url,
      keepMap: false,
      extraHosts: [REGEX_HOST],
    }),
    generatedConfig(generator, { tag: 'route_handler', verifierPort: ports.nextStart, listenPort: ports.nginxRoute, echoUrl: echo.url, keepMap: false }),
  ].join('\n');
  // One copy of the (identical) map block, at the top.
  const mapBlock = nginxConfig.match(/^map \$http_upgrade \$gatehouse_connection_upgrade \{[\s\S]*?^\}\n/m)?.[0];
  if (!mapBlock) throw new Error('no map block in the generated nginx config');
  const serverConfig = `${mapBlock}\n${nginxConfig.replace(mapBlock, '')}`;
  const nginx = await startNginx({ serverConfig, port: ports.nginxC });
  running.push({ name: 'nginx', stop: () => nginx.stop() });
  const procs = { nginx, echo, all: [nginx, echo, bare, gatehouse, gatehouse4, nextStart] };
  // Does the generated Paperless server block put Gatehouse's real token in the upstream Authorization?
  const paperlessSwapped = nginxConfig.includes('$upstream_http_x_paperless_authorization');
  if (!paperlessSwapped) say(`note: the generated nginx config has no Paperless token swap for ${PAPERLESS_HOST}; G5 goes through a plain app server block`);

  const host = (port) => `${APP_HOST}:${port}`;
  const scenarios = [
    {
      name: 'C',
      label: 'ceiling',
      description: 'nginx → echo app, no auth_request (the generated app location without its auth_request lines)',
      port: ports.nginxC,
      host: host(ports.nginxC),
      expect: 200,
      verifier: null,
      identity: false,
    },
    {
      name: 'N',
      label: 'node limit',
      description: 'the generated auth_request config → a bare node:http server that answers 200 (scripts/bench/bare-verify.mjs)',
      port: ports.nginxN,
      host: host(ports.nginxN),
      expect: 200,
      verifier: bare,
      identity: false,
    },
    {
      name: 'G1',
      label: '1 session',
      description: 'auth_request → Gatehouse (dist/server.mjs fast path), one valid session cookie, rule *.bench.test one_factor → 200',
      port: ports.nginxG,
      host: host(ports.nginxG),
      expect: 200,
      verifier: gatehouse,
      identity: true,
      credentials: g1Cookies,
    },
    {
      name: 'G2',
      label: '10k sessions',
      description: `the same, ${G2_SESSIONS} distinct valid sessions (1 000 users) rotating → 200 (verify cache TTL: default 10 s)`,
      port: ports.nginxG,
      host: host(ports.nginxG),
      expect: 200,
      verifier: gatehouse,
      identity: true,
      credentials: g2Cookies,
      rotating: true,
    },
    {
      name: 'G3',
      label: 'anonymous',
      description: 'the same, no cookie → 302 to sign-in',
      port: ports.nginxG,
      host: host(ports.nginxG),
      expect: 302,
      verifier: gatehouse,
      identity: false,
    },
    {
      name: 'G4',
      label: '500 rules',
      description: `another Gatehouse with ${G4_RULES} rules that can match its host (and G6's 12 for another host), the match last, one session → 200`,
      port: ports.nginxG4,
      host: host(ports.nginxG4),
      expect: 200,
      verifier: gatehouse4,
      identity: true,
      credentials: g4Cookies,
    },
    {
      name: 'G5',
      label: '1k device tokens',
      description:
        `the fast path of G1–G3 on the Paperless host ${PAPERLESS_HOST} (the generator's Paperless-ngx server block), ${DEVICE_TOKENS} distinct device tokens ` +
        `(Authorization: Token <40 hex>; ${DEVICE_USERS} users × ${DEVICE_TOKENS_PER_USER}) rotating → 200 with the user's real Paperless token (verify cache TTL: default 10 s)`,
      port: ports.nginxG,
      host: `${PAPERLESS_HOST}:${ports.nginxG}`,
      expect: 200,
      verifier: gatehouse,
      identity: true,
      header: 'Authorization',
      credentials: appTokens.map((t) => t.header),
      rotating: true,
      device: { byHeader: new Map(appTokens.map((t) => [t.header, t])), swapped: paperlessSwapped, verifierPort: ports.gatehouse },
    },
    {
      name: 'G6',
      label: 'path regexes',
      description: `G4's Gatehouse on ${REGEX_HOST}: GET ${REGEX_PATH} past 11 prefix/regex rules of that host, matched by the 12th (a regex), one session → 200`,
      port: ports.nginxG4,
      host: `${REGEX_HOST}:${ports.nginxG4}`,
      path: REGEX_PATH,
      expect: 200,
      verifier: gatehouse4,
      identity: true,
      credentials: g4Cookies,
    },
    {
      name: 'G-route',
      label: 'route handler',
      description: 'auth_request → app/api/verify/route.ts under `next start` (same database), one session → 200',
      port: ports.nginxRoute,
      host: host(ports.nginxRoute),
      expect: 200,
      verifier: nextStart,
      identity: true,
      credentials: routeCookies,
    },
  ];
  for (const scenario of scenarios) {
    if (scenario.credentials) scenario.credentialFile = credentialFile(scenario.name, scenario.credentials);
    scenario.header ??= 'Cookie';
  }

  say('sanity checks (one request per scenario, statuses and the identity the app receives)…');
  for (const scenario of scenarios) await sanityCheck(scenario);
  // Idle: after start-up and the first requests of every kind (the sanity checks), before any load.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  memory.idleKiB = procStatusKiB(gatehouse.child.pid, 'VmRSS');
  memory.idleHeap = await heapFigures(gatehouse);

  // G2 is about the steady state of 10 000 users (G5: of 1 000 devices): its warm-up sends every
  // cookie (token) at least once (estimated from G1's rate this round, cache misses being slower),
  // so the measured run is not mostly first-time lookups. Sessions and tokens still drop out of
  // the cache every TTL (10 s) and are looked up again: that is part of what G2 and G5 measure.
  function warmupSeconds(scenario, soFar) {
    if (!scenario.rotating || options.warmup === 0) return options.warmup;
    const g1 = soFar.get('G1').at(-1)?.rps ?? 1000;
    return Math.min(12, Math.max(options.warmup, Math.ceil((1.2 * scenario.credentials.length) / (0.6 * g1))));
  }
  const total = scenarios.length * options.rounds * (options.duration + options.warmup) + options.rounds * 4;
  say(
    `measuring: ${scenarios.length} scenarios × ${options.rounds} round(s) × (${options.warmup} s warm-up + ${options.duration} s) ≈ ${Math.round((total / 60) * 10) / 10} min`,
  );
  const results = new Map(scenarios.map((s) => [s.name, []]));
  const warmupWrong = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of scenarios) {
      const warmup = warmupSeconds(scenario, results);
      if (warmup > 0) {
        const warm = await runWrk(scenario, warmup);
        if (warm.wrong || warm.socket)
          warmupWrong.push(`${scenario.name} round ${round}: ${warm.wrong} wrong statuses, ${warm.socket} socket errors (${JSON.stringify(warm.statuses)})`);
      }
      const result = await measure(scenario, options.duration, procs);
      results.get(scenario.name).push(result);
      say(
        `round ${round}/${options.rounds} ${scenario.name.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${(result.p50_us / 1000).toFixed(2)} ms  p99 ${(result.p99_us / 1000).toFixed(2)} ms` +
          `  errors ${result.socket + result.wrong}${result.cpu.verifier !== null ? `  verifier ${result.cpu.verifier.toFixed(0)} µs/req, RSS ${(result.rssKiB / 1024).toFixed(0)} MiB` : ''}` +
          `  background ${Math.round(result.cpu.background * 100)} %, others ${Math.round(result.cpu.foreign * 100)} %`,
      );
    }
  }

  const versions = {
    nginx: (spawnSync('/usr/sbin/nginx', ['-v'], { encoding: 'utf8' }).stderr ?? '').trim().replace('nginx version: ', '') || 'nginx',
    wrk: (spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout ?? '').split('\n')[0].split(' [')[0].trim() || 'wrk',
  };
  memory.hwmKiB = procStatusKiB(gatehouse.child.pid, 'VmHWM');
  const summary = summarize(scenarios, results);
  const { console: text, markdown } = report(summary, {
    ...options,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? 'unknown CPU',
    nginx: versions.nginx,
    wrk: versions.wrk,
    warmupWrong: warmupWrong.join('; '),
    loadBefore,
    memory,
    launchFlags: options.plainLaunch
      ? 'no flags, plain `node dist/server.mjs` (--plain-launch)'
      : [...serverLaunch([], {}).args.slice(0, -1), ...Object.entries(serverLaunch([], {}).env).map(([k, v]) => `${k}=${v}`)].join(' '),
  });
  console.log(text);
  mkdirSync(join(root, 'e2e', '.artifacts'), { recursive: true });
  writeFileSync(ARTIFACT, markdown);
  say(`table written to ${ARTIFACT}`);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  if (!session.interrupted) console.error(`\n[bench] the benchmark could not run: ${error.stack ?? error.message}\n`);
  exitCode = 1;
} finally {
  await session.cleanup();
}
process.exit(exitCode);
