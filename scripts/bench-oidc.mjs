#!/usr/bin/env node
// `npm run bench:oidc`: how fast Gatehouse's OpenID Connect provider answers the calls a relying
// party makes all day, next to what Node itself can do on this machine (issue 15, "Speed").
//
// One run starts, on 127.0.0.1 and each as its own process: Gatehouse as `npm start` runs it
// (dist/server.mjs) on a fresh SQLite database (seeded with users in a group, each with a signed-in
// two-factor session, and a first-party confidential client: scripts/bench/oidc-seed.mjs; with
// --postgres, on a throwaway PostgreSQL cluster instead), and a
// bare node:http server that answers a token-sized JSON document (scripts/bench/bare-json.mjs).
// Then, with C keep-alive connections from this process (closed loop: each connection sends its
// next call when the previous one is answered):
//   N   POST the token request's shape to the bare node:http server            (the Node.js limit)
//   X   authorization-code exchanges at the token endpoint (client_secret_basic + PKCE verifier).
//       The codes are real: obtained, in batches before each measured burst, through the
//       authorization endpoint with a signed-in session cookie (Gatehouse's interaction finishes by
//       itself for a first-party client); only the exchanges are measured.
//   R   refresh grants, one chain per connection: each grant uses the refresh token the previous
//       one returned (rotation)
//   U   userinfo calls (GET with the Bearer access token of an exchange, one token per connection)
// and prints calls/s, p50/p99 latency, errors (any answer but 200 with the expected fields, and
// socket errors: target 0), Gatehouse's CPU time per call (from /proc/<pid>/stat) and the calls a
// fully busy core would answer (1 s / CPU per call), its RSS, and each figure as a ratio to N.
// The anchor: Keycloak's sizing guide plans one vCPU per 120 refresh-token requests per second
// (https://www.keycloak.org/high-availability/single-cluster/concepts-memory-and-cpu-sizing:
// "For each 120 refresh token requests per second, allocate 1 vCPU"); the target is 5× that,
// ≥ 600 refresh grants/s per core, with 0 errors. The table is also written to
// e2e/.artifacts/bench-oidc.md.
//
//   npm run bench:oidc [-- --duration 8] [--warmup 2] [--connections 8] [--max-calls 20000] [--quick] [--cpu-prof] [--postgres]
//
// Bounded: each scenario stops at --duration seconds or --max-calls calls, whichever comes first.
// Exit code 0 when the bench ran (even if a target is missed: a measurement, not a test); 1 when
// it could not run. Every process it starts is stopped by PID, also on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closedLoop, renderTable, rssKiBOf, sampleRss, summarize } from './bench/oidc-measure.mjs';
import { basicAuth, CookieJar, exchangeCode, keepAliveAgent, obtainCode, refreshGrant, send, userinfo } from './bench/oidc-http.mjs';
import { BENCH_SCOPE, seedOidc, seedOidcPostgres } from './bench/oidc-seed.mjs';
import { benchServerEnv, migrateWith, startBenchServer } from './lib/bench-server.mjs';
import { checkNode, ensureBuilt, ensureInstalled, generateClients, root } from './lib/prepare.mjs';
import { freePort, startPostgres, startProcess, stopOnExit, stopProcess } from './lib/services.mjs';

function usage(message) {
  if (message) console.error(`bench:oidc: ${message}\n`);
  console.error('usage: npm run bench:oidc [-- --duration SECONDS] [--warmup SECONDS] [--connections N] [--max-calls N] [--quick] [--cpu-prof] [--postgres]');
  console.error('  --quick     3 s per scenario, 1 s warm-up');
  console.error('  --postgres  Gatehouse on a throwaway PostgreSQL cluster (Debian package postgresql) instead of SQLite');
  console.error('  --cpu-prof  write a V8 CPU profile of Gatehouse to e2e/.artifacts/bench-oidc.cpuprofile (its figures are then inflated)');
  process.exit(message ? 1 : 0);
}

function parseOptions(argv) {
  const options = { duration: 8, warmup: 2, connections: 8, maxCalls: 20_000, cpuProf: false, postgres: false };
  const limits = { duration: [1, 120], warmup: [0, 30], connections: [1, 64], maxCalls: [10, 1_000_000] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') Object.assign(options, { duration: 3, warmup: 1 });
    else if (arg === '--cpu-prof') options.cpuProf = true;
    else if (arg === '--postgres') options.postgres = true;
    else if (arg === '--help' || arg === '-h') usage();
    else {
      const key = arg
        .replace(/^--/, '')
        .split('=')[0]
        .replace(/-(\w)/g, (_, c) => c.toUpperCase());
      if (!(key in limits)) usage(`unknown argument ${arg}`);
      const value = Number(arg.includes('=') ? arg.split('=')[1] : argv[++i]);
      const [min, max] = limits[key];
      if (!Number.isInteger(value) || value < min || value > max) usage(`${arg.split('=')[0]} must be a whole number from ${min} to ${max}`);
      options[key] = value;
    }
  }
  return options;
}

const options = parseOptions(process.argv.slice(2));
const KEYCLOAK_PER_VCPU = 120;
const TARGET_PER_CORE = 600;
const CODE_BATCH = 150; // codes obtained before each measured burst of exchanges (well inside a code's 60 s lifetime, even on a busy machine)
const ARTIFACT = join(root, 'e2e', '.artifacts', options.postgres ? 'bench-oidc-postgres.md' : 'bench-oidc.md');
const DATABASE = options.postgres ? 'PostgreSQL' : 'SQLite';
const say = (message) => console.log(`[bench] ${message}`);

const session = stopOnExit();
const { running } = session;

// ---------------------------------------------------------------------------------------------
// The calls, each resolving true or with what was wrong (counted as an error)

const expectTokens = (res, { refresh }) => {
  if (res.status !== 200) return `token endpoint ${res.status}: ${res.body.slice(0, 120)}`;
  if (!res.json?.access_token || !res.json.id_token) return 'token response without access_token or id_token';
  if (refresh && !res.json.refresh_token) return 'token response without refresh_token';
  return true;
};

async function discover(agent, issuer) {
  const res = await send(agent, `${issuer}/.well-known/openid-configuration`);
  if (res.status !== 200) throw new Error(`discovery answered ${res.status}: ${res.body.slice(0, 300)}`);
  const doc = JSON.parse(res.body);
  if (doc.issuer !== issuer) throw new Error(`discovery's issuer is ${doc.issuer}, not ${issuer}`);
  if (!doc.token_endpoint_auth_methods_supported?.includes('client_secret_basic')) throw new Error('discovery does not list client_secret_basic');
  if (!doc.grant_types_supported?.includes('refresh_token')) throw new Error('discovery does not list the refresh_token grant');
  return { authorizationEndpoint: doc.authorization_endpoint, tokenEndpoint: doc.token_endpoint, userinfoEndpoint: doc.userinfo_endpoint };
}

/** Codes for `count` exchanges, obtained `connections` at a time (not measured). */
async function obtainCodes(agent, ctx, jars, count) {
  const codes = [];
  await closedLoop({
    connections: jars.length,
    seconds: 600,
    maxCalls: count,
    call: async (w) => {
      codes.push(await obtainCode(agent, ctx, { jar: jars[w], scope: 'openid profile email groups' }));
      return true;
    },
  });
  if (codes.length < count) throw new Error(`obtained ${codes.length} of ${count} codes`);
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  checkNode();
  ensureInstalled();
  generateClients();
  ensureBuilt();
  const { default: Database } = await import('better-sqlite3');
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const workDir = (session.workDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-oidc-')));
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const env = benchServerEnv({ dataDir: join(workDir, 'data'), port, url: issuer, encryptionKey: randomBytes(32).toString('hex') });
  if (options.postgres) {
    say('starting a throwaway PostgreSQL cluster…');
    const pg = await startPostgres();
    running.push({ name: 'postgresql', stop: () => pg.stop() });
    env.DATABASE_URL = pg.url;
  }
  say(`creating the ${DATABASE} database…`);
  migrateWith(env);
  const { client, cookies } = options.postgres
    ? await seedOidcPostgres((await import('pg')).default, env.DATABASE_URL, { users: options.connections })
    : seedOidc(Database, join(workDir, 'data', 'gatehouse.db'), { users: options.connections });

  say('starting Gatehouse and the bare node:http server…');
  const profile = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'e2e', '.artifacts')}`, '--cpu-prof-name=bench-oidc.cpuprofile'] : [];
  const gatehouse = await startBenchServer('gatehouse', env, { nodeArgs: profile });
  running.push({ name: 'gatehouse', stop: () => stopProcess(gatehouse) });
  const bare = await startProcess('bare-json', process.execPath, [join(root, 'scripts', 'bench', 'bare-json.mjs'), '--port', '0'], {
    ready: /bare-json ready port=(\d+)/,
    timeoutMs: 10_000,
  });
  running.push({ name: 'bare node:http', stop: () => stopProcess(bare) });
  const bareUrl = `http://127.0.0.1:${bare.match[1]}/token`;

  const agent = keepAliveAgent(options.connections);
  const ctx = { issuer, client, ...(await discover(agent, issuer)) };
  const jars = cookies.map((cookie) => new CookieJar({ [cookie.split('=')[0]]: cookie.slice(cookie.indexOf('=') + 1) }));

  // Sanity: a replayed code is refused and revokes what it issued (the refresh token stops working);
  // then one full round (code → tokens → refresh → userinfo) per connection, which also gives each
  // connection its refresh chain and its access token.
  say('sanity checks (a replayed code; a code, its tokens, a refresh and userinfo per connection)…');
  {
    const code = await obtainCode(agent, ctx, { jar: jars[0], scope: BENCH_SCOPE, prompt: 'consent' });
    const tokens = await exchangeCode(agent, ctx, code);
    if (expectTokens(tokens, { refresh: true }) !== true) throw new Error(`sanity: ${expectTokens(tokens, { refresh: true })}`);
    const again = await exchangeCode(agent, ctx, code);
    if (again.status !== 400 || again.json?.error !== 'invalid_grant')
      throw new Error(`sanity: a replayed code answered ${again.status} ${again.body.slice(0, 200)}`);
    const revoked = await refreshGrant(agent, ctx, tokens.json.refresh_token);
    if (revoked.status !== 400) throw new Error(`sanity: the refresh token of a replayed code still works (${revoked.status})`);
  }
  const chains = [];
  const accessTokens = [];
  for (let w = 0; w < options.connections; w++) {
    const tokens = await exchangeCode(agent, ctx, await obtainCode(agent, ctx, { jar: jars[w], scope: BENCH_SCOPE, prompt: 'consent' }));
    const ok = expectTokens(tokens, { refresh: true });
    if (ok !== true) throw new Error(`sanity: ${ok}`);
    const refreshed = await refreshGrant(agent, ctx, tokens.json.refresh_token);
    if (expectTokens(refreshed, { refresh: true }) !== true) throw new Error(`sanity: refresh: ${expectTokens(refreshed, { refresh: true })}`);
    const info = await userinfo(agent, ctx, refreshed.json.access_token);
    const claims = info.status === 200 ? JSON.parse(info.body) : null;
    if (!claims?.sub || !claims.preferred_username?.startsWith('bench')) throw new Error(`sanity: userinfo answered ${info.status} ${info.body.slice(0, 200)}`);
    chains.push(refreshed.json.refresh_token);
    accessTokens.push(refreshed.json.access_token);
  }
  const pid = gatehouse.child.pid;
  const rotation = { rotated: 0, kept: 0 };
  /** A scenario's run(): `call(connection)` in a closed loop on every connection, Gatehouse's CPU measured. */
  const onGatehouse = (call) => (seconds, maxCalls) => closedLoop({ connections: options.connections, seconds, maxCalls, pid, call });

  const scenarios = [
    {
      name: 'N',
      label: 'bare node:http',
      description: 'POST of a token request (form + Basic) to a bare node:http server answering token-sized JSON',
      pid: bare.child.pid,
      run(seconds, maxCalls) {
        const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r'.repeat(43) }).toString();
        const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basicAuth(client.id, client.secret) };
        return closedLoop({
          connections: options.connections,
          seconds,
          maxCalls,
          pid: bare.child.pid,
          call: async () => {
            const res = await send(agent, bareUrl, { method: 'POST', headers, body });
            return res.status === 200 || `bare ${res.status}`;
          },
        });
      },
    },
    {
      name: 'X',
      label: 'code exchanges',
      description: `authorization_code at the token endpoint (client_secret_basic, PKCE S256), real codes from the authorization endpoint in batches of ${CODE_BATCH}`,
      pid,
      async run(seconds, maxCalls) {
        const parts = [];
        let spent = 0;
        let done = 0;
        while (spent < seconds * 1000 && done < maxCalls) {
          const codes = await obtainCodes(agent, ctx, jars, Math.min(CODE_BATCH, maxCalls - done));
          const part = await closedLoop({
            connections: options.connections,
            seconds: seconds - spent / 1000,
            maxCalls: codes.length,
            pid,
            call: async () => expectTokens(await exchangeCode(agent, ctx, codes.pop()), { refresh: false }),
          });
          parts.push(part);
          spent += part.wallMs;
          done += part.calls;
        }
        return mergeParts(parts);
      },
    },
    {
      name: 'R',
      label: 'refresh grants',
      description: 'refresh_token grants, one chain per connection, each with the token the previous grant returned',
      pid,
      run: onGatehouse(async (w) => {
        const res = await refreshGrant(agent, ctx, chains[w]);
        const ok = expectTokens(res, { refresh: true });
        if (ok !== true) return ok;
        if (res.json.refresh_token === chains[w]) rotation.kept++;
        else rotation.rotated++;
        chains[w] = res.json.refresh_token;
        return true;
      }),
    },
    {
      name: 'U',
      label: 'userinfo',
      description: 'GET userinfo with a Bearer access token (one per connection)',
      pid,
      run: onGatehouse(async (w) => {
        const res = await userinfo(agent, ctx, accessTokens[w]);
        if (res.status !== 200) return `userinfo ${res.status}: ${res.body.slice(0, 120)}`;
        return JSON.parse(res.body).sub ? true : 'userinfo without sub';
      }),
    },
  ];

  say(
    `measuring: ${scenarios.length} scenarios × (${options.warmup} s warm-up + ${options.duration} s, at most ${options.maxCalls} calls), ${options.connections} connections`,
  );
  const results = [];
  for (const scenario of scenarios) {
    if (options.warmup > 0) {
      const warm = await scenario.run(options.warmup, options.maxCalls);
      if (warm.errors) say(`${scenario.name} warm-up: ${warm.errors} errors (${[...warm.errorSamples.keys()].join('; ')})`);
    }
    const stopSampling = sampleRss(scenario.pid);
    const result = await scenario.run(options.duration, options.maxCalls);
    result.rssMaxKiB = Math.max(stopSampling(), rssKiBOf(scenario.pid));
    results.push({ scenario, ...summarize(result) });
    const last = results.at(-1);
    say(
      `${scenario.name} ${last.rps.toFixed(0).padStart(6)} calls/s  p50 ${last.p50.toFixed(2)} ms  p99 ${last.p99.toFixed(2)} ms  errors ${last.errors}` +
        `  server CPU ${last.cpuUsPerCall.toFixed(0)} µs/call  RSS ${(last.rssMaxKiB / 1024).toFixed(0)} MiB`,
    );
  }
  printReport(results, { loadBefore, rotation });
}

function mergeParts(parts) {
  return {
    calls: parts.reduce((s, p) => s + p.calls, 0),
    errors: parts.reduce((s, p) => s + p.errors, 0),
    wallMs: parts.reduce((s, p) => s + p.wallMs, 0),
    cpuMs: parts.reduce((s, p) => s + p.cpuMs, 0),
    selfCpuMs: parts.reduce((s, p) => s + p.selfCpuMs, 0),
    latencies: parts.flatMap((p) => p.latencies),
    errorSamples: new Map(parts.flatMap((p) => [...p.errorSamples])),
  };
}

function printReport(results, { loadBefore, rotation }) {
  const base = results.find((r) => r.scenario.name === 'N');
  const headers = [
    '',
    'what',
    'calls',
    'calls/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'server CPU µs/call',
    'per core (calls/CPU-s)',
    'server RSS MiB',
    'calls/s ÷ N',
    'CPU/call × N',
  ];
  const body = results.map((r) => [
    r.scenario.name,
    r.scenario.label,
    String(r.calls),
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    String(r.errors),
    r.cpuUsPerCall.toFixed(0),
    r.perCore.toFixed(0),
    (r.rssMaxKiB / 1024).toFixed(0),
    (r.rps / base.rps).toFixed(3),
    (r.cpuUsPerCall / base.cpuUsPerCall).toFixed(1),
  ]);
  const refresh = results.find((r) => r.scenario.name === 'R');
  const errors = results.reduce((s, r) => s + r.errors, 0);
  const targetLines = [
    `Anchor: Keycloak's sizing guide plans 1 vCPU per ${KEYCLOAK_PER_VCPU} refresh-token requests/s`,
    '  (https://www.keycloak.org/high-availability/single-cluster/concepts-memory-and-cpu-sizing).',
    `Target (issue 15): ≥ ${TARGET_PER_CORE} refresh grants/s per core (5×): ${refresh.perCore.toFixed(0)} per core ` +
      `(${(refresh.perCore / KEYCLOAK_PER_VCPU).toFixed(1)}× Keycloak's figure) → ${refresh.perCore >= TARGET_PER_CORE ? 'MET' : 'MISSED'}`,
    `Errors (target 0): ${errors} → ${errors === 0 ? 'MET' : 'MISSED'}`,
    `Refresh token rotation: ${rotation.rotated} grants returned a new refresh token, ${rotation.kept} the same one.`,
  ];
  const errorLines = results.flatMap((r) => [...r.errorSamples].map(([text, n]) => `${r.scenario.name}: ${n}× ${text}`));
  const setup =
    `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, Node ${process.version}, load average before: ${loadBefore}. ` +
    `${options.connections} keep-alive connections, closed loop, ${options.warmup} s warm-up + ${options.duration} s (at most ${options.maxCalls} calls) per scenario. ` +
    `Gatehouse: dist/server.mjs on ${DATABASE}${options.postgres ? " (the database server's own CPU is not in Gatehouse's figures)" : ''}. ` +
    '"server" = the process answering (N: the bare server; X, R, U: Gatehouse); "per core" = 1 s ÷ its CPU per call; ' +
    'RSS = its largest seen during the scenario.' +
    (options.cpuProf ? ' V8 CPU profiling was ON for Gatehouse: its figures are inflated.' : '');
  const legend = results.map((r) => `${r.scenario.name}: ${r.scenario.description}`);
  const text = ['', `OpenID Connect provider benchmark — ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`, setup, '', renderTable(headers, body), ''];
  console.log(
    [...text, ...(errorLines.length ? ['Errors:', ...errorLines.map((l) => `  ${l}`), ''] : []), ...legend.map((l) => `  ${l}`), '', ...targetLines, ''].join(
      '\n',
    ),
  );
  mkdirSync(join(root, 'e2e', '.artifacts'), { recursive: true });
  writeFileSync(
    ARTIFACT,
    [
      '# OpenID Connect provider benchmark',
      '',
      setup,
      '',
      '```',
      renderTable(headers, body),
      '```',
      '',
      ...errorLines.map((l) => `- ${l}`),
      ...legend.map((l) => `- ${l}`),
      '',
      ...targetLines.map((l) => `- ${l.trim()}`),
      '',
    ].join('\n'),
  );
  say(`table written to ${ARTIFACT}`);
}

let exitCode = 0;
const started = performance.now();
try {
  await main();
  say(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  if (!session.interrupted) console.error(`\n[bench] the benchmark could not run: ${error.stack ?? error.message}\n`);
  exitCode = 1;
} finally {
  await session.cleanup();
}
process.exit(exitCode);
