#!/usr/bin/env node
// `npm run bench:ldap`: password sign-ins through the directory (LDAP) against the same sign-in
// with a local argon2id password, in one run on this machine (issue 16, "Speed").
//
// Starts a throwaway OpenLDAP slapd on 127.0.0.1 (scripts/lib/slapd.mjs, seeded with the test
// directory plus --users bench users), bundles scripts/bench/ldap-driver.ts with esbuild and runs
// it as its own process: the real signInWithPassword on a fresh SQLite database (regulation, the
// check, the session and its audit event), --concurrency sign-ins at a time for --duration seconds
// per scenario after a warm-up. Prints sign-ins/s, p50 and p95 for both, and how many LDAP
// connections slapd accepted during the directory run (the service and bind connections are
// pooled, so this stays at the pool size however many sign-ins run). The table is also written to
// e2e/.artifacts/bench-ldap.md.
//
//   npm run bench:ldap [-- --duration 8] [--warmup 2] [--concurrency 8] [--users 40] [--quick]
//
// Then a wrong password and a login that names no entry, both refused: their ratio shows whether the
// answer's time tells that a name exists (it should be about 1).
//
// Exit code 0 when the bench ran (a measurement, not a test); 1 when it could not run. slapd is
// stopped by PID, also on Ctrl-C.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ensureDebianPackages } from './lib/debian.mjs';
import { checkNode, ensureInstalled, generateClients, root } from './lib/prepare.mjs';
import { startSlapd } from './lib/slapd.mjs';
import { baseLdif, GROUPS, groupsLdif, PASSWORD, PEOPLE, SERVICE, SUFFIX } from '../test/support/ldap/directory-seed.mjs';

function parseOptions(argv) {
  const options = { duration: 8, warmup: 2, concurrency: 8, users: 40 };
  const limits = { duration: [1, 120], warmup: [0, 30], concurrency: [1, 64], users: [1, 2000] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') Object.assign(options, { duration: 3, warmup: 1 });
    else if (arg.startsWith('--') && arg.slice(2) in limits) {
      const key = arg.slice(2);
      const value = Number(argv[++i]);
      const [min, max] = limits[key];
      if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${key} must be a whole number from ${min} to ${max}`);
      options[key] = value;
    } else throw new Error(`unknown option ${arg} (usage: npm run bench:ldap [-- --duration S] [--warmup S] [--concurrency N] [--users N] [--quick])`);
  }
  return options;
}

const fmt = (n, digits = 1) => n.toFixed(digits);

async function main() {
  const options = parseOptions(process.argv.slice(2));
  checkNode();
  ensureDebianPackages(['slapd', 'ldap-utils']);
  ensureInstalled();
  generateClients();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-ldap-'));
  // Inside the repository, so the bundle resolves node_modules (packages stay external).
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const driver = join(root, '.tmp', `bench-ldap-driver-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'scripts/bench/ldap-driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: driver,
    logLevel: 'error',
  });
  const slapd = await startSlapd({ suffix: SUFFIX, baseLdif: baseLdif({ extraUsers: options.users }), groupsLdif: groupsLdif({ extraUsers: options.users }) });
  const stop = () =>
    slapd.stop().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(driver, { force: true });
    });
  process.once('SIGINT', () => stop().finally(() => process.exit(130)));
  try {
    const users = Array.from({ length: options.users }, (_, i) => `bench${i}`);
    const input = {
      dir,
      ldapUrl: slapd.ldapUrl,
      serviceDn: SERVICE.dn,
      servicePassword: SERVICE.password,
      people: PEOPLE,
      groups: GROUPS,
      users,
      password: PASSWORD,
      slapdLog: join(slapd.dir, 'slapd.log'),
      seconds: options.duration,
      warmup: options.warmup,
      concurrency: options.concurrency,
    };
    console.log(
      `[bench:ldap] ${options.users} users each, ${options.concurrency} at a time, ${options.duration} s per scenario after ${options.warmup} s warm-up…`,
    );
    const run = spawnSync(process.execPath, [driver, JSON.stringify(input)], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600_000,
    });
    if (run.status !== 0) throw new Error(`the driver failed (exit ${run.status})`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop());
    const rows = [
      ['local (argon2id)', result.local],
      ['directory (LDAP bind)', result.directory],
      ['directory, wrong password, has an account (refused)', result.wrongPassword],
      ['directory, wrong password, no account yet (refused)', result.wrongPasswordNoAccount],
      ['directory, no such entry (refused)', result.unknownLogin],
    ];
    const table = [
      `bench:ldap — ${cpus().length} cores, Node ${process.version}, slapd ${slapd.ldapUrl}, concurrency ${options.concurrency}, ${options.duration} s`,
      '',
      '| sign-in | sign-ins/s | p50 ms | p95 ms | sign-ins |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(([name, r]) => `| ${name} | ${fmt(r.perSecond)} | ${fmt(r.p50Ms)} | ${fmt(r.p95Ms)} | ${r.signIns} |`),
      '',
      `LDAP connections slapd accepted during the directory run: ${result.directory.connectionsOpened} (pooled; ${result.directory.signIns} sign-ins).`,
      `Directory / local throughput: ${fmt(result.directory.perSecond / result.local.perSecond, 2)}×.`,
      `Refusals, no such entry / entry without an account: p50 ${fmt(result.unknownLogin.p50Ms / result.wrongPasswordNoAccount.p50Ms, 2)}×, p95 ${fmt(result.unknownLogin.p95Ms / result.wrongPasswordNoAccount.p95Ms, 2)}× (1.00× = the time does not tell whether the directory has the name).`,
      `Refusals, no such entry / entry with an account: p50 ${fmt(result.unknownLogin.p50Ms / result.wrongPassword.p50Ms, 2)}× (both count one failure against the name or its account and one against the address: 1.00× = the time does not tell whether Gatehouse has an account).`,
    ].join('\n');
    console.log(`\n${table}\n`);
    mkdirSync(join(root, 'e2e/.artifacts'), { recursive: true });
    writeFileSync(join(root, 'e2e/.artifacts/bench-ldap.md'), `${table}\n`);
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(`bench:ldap: ${error.message}`);
  process.exit(1);
});
