/**
 * The measuring half of `npm run bench:ldap` (bundled by scripts/bench-ldap.mjs with esbuild, then
 * run as its own process): on a fresh SQLite database, signs in through the real sign-in code
 * (signInWithPassword: regulation, the password check, the session and its audit event) with
 *   L  local accounts and their argon2id passwords, and
 *   D  directory accounts (already provisioned by a first sign-in), checked by the test slapd
 *      through the pooled service and bind connections,
 * C sign-ins at a time (closed loop) for a fixed time each, and prints one JSON line: sign-ins/s,
 * p50 and p95 per scenario, and the LDAP connections slapd accepted during the directory run.
 * Then two refusals through the directory, a wrong password for an existing entry and a login that
 * names no entry: their times should be alike (an unknown login costs a decoy bind), or the
 * answer's timing would tell whether a name exists.
 *
 *   node ldap-driver.mjs '<json: { dir, ldapUrl, serviceDn, servicePassword, people, groups, users, password, slapdLog, seconds, warmup, concurrency }>'
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../../lib/auth/password/password-hash';
import { signInWithPassword } from '../../lib/auth/password/sign-in-with-password';
import { parseEnv } from '../../lib/config';
import { closeDirectoryPools } from '../../lib/directory/directory-pool';
import { createDb, type Db } from '../../lib/db';
import { migrate } from '../../lib/db/migrate';

type Options = {
  dir: string;
  ldapUrl: string;
  serviceDn: string;
  servicePassword: string;
  people: string;
  groups: string;
  users: string[];
  password: string;
  slapdLog: string;
  seconds: number;
  warmup: number;
  concurrency: number;
};

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const LOCAL_PASSWORD = 'local bench password 42';

const parsed = parseEnv(
  {
    GATEHOUSE_LDAP_PRESET: 'openldap',
    GATEHOUSE_LDAP_URLS: options.ldapUrl,
    GATEHOUSE_LDAP_BIND_DN: options.serviceDn,
    GATEHOUSE_LDAP_BIND_PASSWORD: options.servicePassword,
    GATEHOUSE_LDAP_USER_BASE: options.people,
    GATEHOUSE_LDAP_GROUP_BASE: options.groups,
  },
  { cwd: options.dir, secrets: () => ({ encryptionKey: Buffer.alloc(32), signingKey: Buffer.alloc(32) }) },
);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const directory = parsed.env.directory;
const policy = { maxFailures: 1_000_000, windowMs: 60_000, banMs: 60_000 };

let ip = 0;
const signIn = (db: Db, login: string, password: string) =>
  signInWithPassword(db, {
    login,
    password,
    meta: { ip: `10.${(++ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`, userAgent: 'bench' },
    sessionMaxAgeMs: 3_600_000,
    regulation: policy,
    directory,
  });

const accepted = () => (readFileSync(options.slapdLog, 'utf8').match(/ ACCEPT from /g) ?? []).length;

async function closedLoop(seconds: number, work: (i: number) => Promise<void>): Promise<{ count: number; latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const until = start + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        const i = next++;
        const t0 = performance.now();
        await work(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { count: latencies.length, latencies, elapsed: (performance.now() - start) / 1000 };
}

function summary(run: { count: number; latencies: number[]; elapsed: number }) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { signIns: run.count, perSecond: run.count / run.elapsed, p50Ms: at(0.5), p95Ms: at(0.95) };
}

async function main() {
  const target = join(options.dir, 'bench.db');
  await migrate({ dialect: 'sqlite', target, migrationsDir: join(process.cwd(), 'prisma', 'migrations', 'sqlite') });
  const db = createDb({ dialect: 'sqlite', url: `file:${target}` });
  const hash = await hashPassword(LOCAL_PASSWORD);
  const locals = options.users.map((u) => `local-${u}`);
  for (const username of locals)
    await db.user.create({ data: { username, email: `${username}@bench.test`, displayName: username, status: 'active', passwordHash: hash } });
  // First sign-ins create the directory accounts of half the users; they are not measured. The
  // other half are entries without a Gatehouse account (for the refusal timings).
  const half = Math.max(1, Math.ceil(options.users.length / 2));
  const provisioned = options.users.slice(0, half);
  const notYet = options.users.length > half ? options.users.slice(half) : provisioned;
  for (const user of provisioned) {
    const result = await signIn(db, user, options.password);
    if (!result.ok) throw new Error(`directory sign-in of ${user} failed: ${result.message}`);
  }
  const scenario = async (logins: string[], password: string, expected: 'signed-in' | 'refused' = 'signed-in') => {
    const check = async (i: number) => {
      const result = await signIn(db, logins[i % logins.length]!, password);
      if (result.ok !== (expected === 'signed-in')) throw new Error(`sign-in ${result.ok ? 'succeeded' : `failed: ${result.message}`}, expected ${expected}`);
    };
    await closedLoop(options.warmup, check);
    return summary(await closedLoop(options.seconds, check));
  };
  const local = await scenario(locals, LOCAL_PASSWORD);
  const before = accepted();
  const dir = await scenario(provisioned, options.password);
  const connections = accepted() - before;
  const wrongPassword = await scenario(provisioned, `${options.password}-wrong`, 'refused');
  const wrongPasswordNoAccount = await scenario(notYet, `${options.password}-wrong`, 'refused');
  const unknownLogin = await scenario(
    options.users.map((u) => `${u}-nobody`),
    options.password,
    'refused',
  );
  closeDirectoryPools();
  await db.$disconnect();
  process.stdout.write(
    `${JSON.stringify({ local, directory: { ...dir, connectionsOpened: connections }, wrongPassword, wrongPasswordNoAccount, unknownLogin })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
