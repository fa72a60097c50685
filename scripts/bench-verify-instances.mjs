#!/usr/bin/env node
// `npm run bench:verify -- --instances 2`: two Gatehouse instances on one PostgreSQL behind one
// nginx, next to one instance in the same run, and how long a revocation takes to reach the
// other instance.
//
// One run starts, all on 127.0.0.1 and each as its own process: a throwaway PostgreSQL, two
// Gatehouse servers (dist/server.mjs, as `npm start` runs it; A and B, one data folder) on one
// database with 10 000 sessions and one rule, the echo app (the protected upstream), and ONE
// nginx with two server blocks whose `auth_request` goes to
//   I1   an upstream of A alone
//   I2   an upstream of A and B (round robin)
// Then wrk, in alternating rounds, 10 000 distinct session cookies rotating (→ 200), and prints
// req/s, p50/p99 latency, wrong statuses, the ratio I2/I1 and each instance's RSS.
//
// Revocation propagation (bounded: --revocations, default 100, one at a time): for a fresh
// session, B's verify answers 200 (so B has it cached, for 60 s); the session is signed out on
// A (the portal's own sign-out action, POSTed to A); B's verify is then asked in a tight loop
// until it refuses. The time from sending the sign-out to B's first refusal is the propagation
// time (it includes A's own request: B may refuse before A has answered). p50/p99/max printed,
// after one sign-out that is not counted (A's first loads the page's code).
//
//   npm run bench:verify -- --instances 2 [--duration 8] [--rounds 2] [--warmup 2] [--revocations 100] [--quick]
//
// Exit code 0 when the bench ran (a measurement, not a test); 1 when it could not run.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDebianPackages } from './lib/debian.mjs';
import { checkNode, ensureBuilt, ensureInstalled, generateClients, root } from './lib/prepare.mjs';
import { startEchoApp, startNginx } from './lib/proxies.mjs';
import { benchServerEnv, migrateWith, sha256Hex, startBenchServer } from './lib/bench-server.mjs';
import { freePort, startPostgres, stopOnExit, stopProcess } from './lib/services.mjs';

const APP_HOST = 'app.bench.test';
const COOKIE = 'gatehouse_session';
const SESSIONS = 10_000;
const THREADS = 2;
const CONNECTIONS = 32;
const LUA = join(root, 'scripts', 'bench', 'verify.lua');
const ARTIFACT = join(root, 'e2e', '.artifacts', 'bench-verify-instances.md');
const say = (message) => console.log(`[bench] ${message}`);

function parseOptions(argv) {
  const options = { duration: 8, rounds: 2, warmup: 2, revocations: 100 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (name, min, max) => {
      const value = Number(arg.includes('=') ? arg.split('=')[1] : argv[++i]);
      if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
      return value;
    };
    if (arg === '--quick') Object.assign(options, { duration: 3, rounds: 1, revocations: 30 });
    else if (arg.startsWith('--instances')) number('--instances', 2, 2);
    else if (arg.startsWith('--duration')) options.duration = number('--duration', 1, 600);
    else if (arg.startsWith('--rounds')) options.rounds = number('--rounds', 1, 20);
    else if (arg.startsWith('--warmup')) options.warmup = number('--warmup', 0, 60);
    else if (arg.startsWith('--revocations')) options.revocations = number('--revocations', 1, 1000);
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

const session = stopOnExit();

/** 1 000 users × 10 sessions, one rule (the app, one factor), straight into PostgreSQL. */
async function seed(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cookies = [];
  const users = [];
  try {
    await client.query('BEGIN');
    const expires = new Date(Date.now() + 6 * 24 * 3_600_000);
    for (let u = 0; u < SESSIONS / 10; u++) {
      const id = randomUUID();
      const name = `bench${String(u).padStart(5, '0')}`;
      users.push(id);
      await client.query(
        `INSERT INTO "User" ("id","username","email","displayName","status","statusChangedAt","createdAt","updatedAt") VALUES ($1,$2,$3,$4,'active',now(),now(),now())`,
        [id, name, `${name}@bench.test`, `Bench ${u}`],
      );
      const values = [];
      const params = [];
      for (let s = 0; s < 10; s++) {
        const token = randomBytes(32).toString('base64url');
        cookies.push(`${COOKIE}=${token}`);
        params.push(randomUUID(), sha256Hex(token), id, expires);
        const n = params.length;
        values.push(`($${n - 3},$${n - 2},$${n - 1},'one_factor',now(),now(),$${n},'127.0.0.1','bench')`);
      }
      await client.query(
        `INSERT INTO "Session" ("id","tokenHash","userId","level","createdAt","lastSeenAt","expiresAt","ip","userAgent") VALUES ${values.join(',')}`,
        params,
      );
    }
    await client.query(
      `INSERT INTO "AccessRule" ("id","position","description","domains","policy","createdAt","updatedAt") VALUES ($1,1,'bench',$2,'one_factor',now(),now())`,
      [randomUUID(), JSON.stringify([APP_HOST])],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return {
    cookies,
    /** A fresh session of the first user, for one revocation. */
    async newSession() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const token = randomBytes(32).toString('base64url');
        await c.query(
          `INSERT INTO "Session" ("id","tokenHash","userId","level","createdAt","lastSeenAt","expiresAt") VALUES ($1,$2,$3,'one_factor',now(),now(),now() + interval '1 day')`,
          [randomUUID(), sha256Hex(token), users[0]],
        );
        return token;
      } finally {
        await c.end();
      }
    },
  };
}

function runWrk(port, seconds, cookieFile) {
  return new Promise((resolve, reject) => {
    const args = [
      `-t${THREADS}`,
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      LUA,
      `http://127.0.0.1:${port}/`,
      '--',
      APP_HOST,
      '200',
      cookieFile,
      'Cookie',
      '/',
    ];
    const child = spawn('wrk', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    session.running.push({ name: 'wrk', stop: async () => child.exitCode === null && child.kill('SIGKILL') });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (exit ${code}):\n${out.slice(-2000)}`));
      const result = JSON.parse(line.slice('BENCH_RESULT '.length));
      const wrong = Object.entries(result.statuses).reduce((sum, [status, n]) => sum + (Number(status) === 200 ? 0 : n), 0);
      const socket = result.errors.connect + result.errors.read + result.errors.write + result.errors.timeout;
      resolve({ rps: result.requests / (result.duration_us / 1e6), p50: result.p50_us / 1000, p99: result.p99_us / 1000, wrong: wrong + socket });
    });
  });
}

const rssMiB = (pid) => {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
  return match ? Number(match[1]) / 1024 : Number.NaN;
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
function call(port, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** The sign-out action's id in this build (the manifest `next build` writes). */
function signOutActionId() {
  const manifest = JSON.parse(readFileSync(join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8'));
  const ids = Object.entries(manifest.node).filter(([, a]) => a.exportedName === 'signOutAction' && a.filename === 'app/(dashboard)/actions.ts');
  if (ids.length !== 1) throw new Error(`the build has ${ids.length} signOutAction actions`);
  return ids[0][0];
}

/** Revoke on A (its sign-out action), then ask B until it refuses; milliseconds from the sign-out's start. */
async function propagation({ a, b, portalHost, actionId, newSession }) {
  const token = await newSession();
  const verifyB = () => call(b, { path: '/api/verify', headers: { 'X-Original-URL': `http://${APP_HOST}/`, Cookie: `${COOKIE}=${token}` } });
  if ((await verifyB()).status !== 200) throw new Error('B did not admit the fresh session');
  const form = new FormData();
  form.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const started = performance.now();
  const signOut = call(a, {
    method: 'POST',
    path: '/logout',
    headers: {
      Host: portalHost,
      Origin: `http://${portalHost}`,
      'Next-Action': actionId,
      Accept: 'text/x-component',
      Cookie: `${COOKIE}=${token}`,
      'Content-Type': encoded.headers.get('content-type'),
      'Content-Length': body.length,
    },
    body,
  });
  let refusedAt = null;
  while (refusedAt === null) {
    const answer = await verifyB();
    if (answer.status !== 200) refusedAt = performance.now();
    else if (performance.now() - started > 10_000) throw new Error('B still admitted the session 10 s after the sign-out on A');
  }
  const done = await signOut;
  if (!done.headers['x-action-redirect']) throw new Error(`the sign-out on A did not complete (${done.status})`);
  return { ms: refusedAt - started, signOutMs: performance.now() - started };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  checkNode();
  ensureDebianPackages(['nginx', 'wrk', 'postgresql']);
  ensureInstalled();
  generateClients();
  ensureBuilt();
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const workDir = (session.workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-instances-')));

  say('starting PostgreSQL and seeding 10 000 sessions…');
  const postgres = await startPostgres();
  session.running.push({ name: 'postgres', stop: () => postgres.stop() });
  const [portA, portB, portOne, portTwo] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const portalHost = `localhost:${portTwo}`;
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const encryptionKey = randomBytes(32).toString('hex');
  const envOf = (port) =>
    benchServerEnv({ dataDir, port, url: `http://${portalHost}`, encryptionKey, extra: { DATABASE_URL: postgres.url, GATEHOUSE_VERIFY_CACHE_TTL: '60s' } });
  migrateWith(envOf(portA));
  const seeded = await seed(postgres.url);
  const cookieFile = join(workDir, 'cookies.txt');
  writeFileSync(cookieFile, `${seeded.cookies.join('\n')}\n`);

  const instances = [];
  for (const [name, port] of [
    ['A', portA],
    ['B', portB],
  ]) {
    const handle = await startBenchServer(`gatehouse-${name}`, envOf(port), { ready: /is running at/ });
    session.running.push({ name: `gatehouse ${name}`, stop: () => stopProcess(handle) });
    instances.push({ name, port, handle });
  }
  const echo = await startEchoApp();
  session.running.push({ name: 'echo app', stop: echo.stop });
  const block = (listen, upstream) =>
    [
      'server {',
      `  listen 127.0.0.1:${listen};`,
      `  server_name ${APP_HOST};`,
      '  location = /_verify {',
      '    internal;',
      `    proxy_pass http://${upstream}/api/verify;`,
      '    proxy_pass_request_body off;',
      '    proxy_set_header Content-Length "";',
      '    proxy_set_header X-Original-URL $scheme://$http_host$request_uri;',
      '    proxy_set_header X-Forwarded-For $remote_addr;',
      '    proxy_http_version 1.1;',
      '    proxy_set_header Connection "";',
      '  }',
      '  location / {',
      '    auth_request /_verify;',
      `    proxy_pass ${echo.url};`,
      '  }',
      '}',
    ].join('\n');
  const nginx = await startNginx({
    port: portOne,
    serverConfig: [
      `upstream one { server 127.0.0.1:${portA}; keepalive 32; }`,
      `upstream two { server 127.0.0.1:${portA}; server 127.0.0.1:${portB}; keepalive 32; }`,
      block(portOne, 'one'),
      block(portTwo, 'two'),
    ].join('\n'),
  });
  session.running.push({ name: 'nginx', stop: nginx.stop });

  const scenarios = [
    { name: 'I1', label: 'one instance (A)', port: portOne, runs: [] },
    { name: 'I2', label: 'two instances (A + B, round robin)', port: portTwo, runs: [] },
  ];
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of round % 2 ? scenarios : [...scenarios].reverse()) {
      if (options.warmup) await runWrk(scenario.port, options.warmup, cookieFile);
      const result = await runWrk(scenario.port, options.duration, cookieFile);
      say(
        `round ${round} ${scenario.name}: ${Math.round(result.rps)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, wrong ${result.wrong}`,
      );
      scenario.runs.push(result);
    }
  }
  const rss = instances.map((i) => `${i.name} ${rssMiB(i.handle.child.pid).toFixed(0)} MiB`).join(', ');

  say(`revocation propagation: ${options.revocations} sign-outs on A, each until B refuses…`);
  const actionId = signOutActionId();
  const times = [];
  const signOuts = [];
  // One first, not counted: A's first sign-out loads the page's code.
  await propagation({ a: portA, b: portB, portalHost, actionId, newSession: seeded.newSession });
  for (let i = 0; i < options.revocations; i++) {
    const { ms, signOutMs } = await propagation({ a: portA, b: portB, portalHost, actionId, newSession: seeded.newSession });
    times.push(ms);
    signOuts.push(signOutMs);
  }

  const [one, two] = scenarios.map((s) => ({
    ...s,
    rps: median(s.runs.map((r) => r.rps)),
    p50: median(s.runs.map((r) => r.p50)),
    p99: median(s.runs.map((r) => r.p99)),
    wrong: s.runs.reduce((n, r) => n + r.wrong, 0),
  }));
  const lines = [
    `# bench:verify --instances 2 (${new Date().toISOString()})`,
    '',
    `wrk -t${THREADS} -c${CONNECTIONS}, ${options.rounds} round(s) × ${options.duration} s (median), ${SESSIONS} sessions rotating; ${cpus().length} cores, Node ${process.versions.node}; all on 127.0.0.1 (PostgreSQL, nginx, wrk and both instances share the cores).`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | wrong |',
    '|---|---:|---:|---:|---:|',
    ...[one, two].map((s) => `| ${s.name} ${s.label} | ${Math.round(s.rps)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.wrong} |`),
    '',
    `I2 / I1 = ${(two.rps / one.rps).toFixed(2)}. RSS after the load: ${rss}. Load average before the run: ${loadBefore}.`,
    '',
    `Revocation propagation (sign-out on A → B refuses), ${times.length} revocations: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (A's sign-out request itself: p50 ${percentile(signOuts, 50).toFixed(1)} ms).`,
  ];
  console.log(`\n${lines.join('\n')}\n`);
  mkdirSync(join(root, 'e2e', '.artifacts'), { recursive: true });
  writeFileSync(ARTIFACT, `${lines.join('\n')}\n`);
  say(`written to ${ARTIFACT.slice(root.length + 1)}`);
}

/** Settles once the bench ran (or failed) and everything it started is stopped (scripts/bench-verify.mjs awaits it). */
export const finished = main()
  .catch((error) => {
    console.error(`[bench] ${error.stack ?? error.message}`);
    process.exitCode = 1;
  })
  .finally(() => {
    agent.destroy();
    return session.cleanup();
  });
