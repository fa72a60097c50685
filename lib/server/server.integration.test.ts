/**
 * The built server (dist/server.mjs, what `npm start` runs) as a real process: configuration
 * errors, first start, second start, a tampered migration, two instances at once, PostgreSQL,
 * and `npm start` itself reusing an up-to-date build, and stopping with everything under it when
 * a service manager sends SIGTERM to the outer `npm` process. scripts/test.mjs builds before this runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../test/support/free-port';

const root = process.cwd();
const serverBundle = join(root, 'dist', 'server.mjs');
const PG_URL = process.env.GATEHOUSE_TEST_PG_URL;
const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(serverBundle)) throw new Error('dist/server.mjs is missing: run the suite with npm test (it builds first)');
});

afterAll(async () => {
  await Promise.all(children.map((child) => stop(child)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-server-'));
  dirs.push(dir);
  return dir;
}

function baseEnv(dataDir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
  return { ...env, GATEHOUSE_ENV_FILE: '/dev/null', GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_PORT: String(port), ...extra };
}

type Running = { child: ChildProcess; output: () => string; port: number };

function start(env: NodeJS.ProcessEnv, port: number, args: string[] = []): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverBundle, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The setup link (if any) is printed right after the banner line.
      if (/is running at[\s\S]*\n\n/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, port });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function runToExit(env: NodeJS.ProcessEnv, args: string[] = []): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [serverBundle, ...args], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

/** `pid (comm) state ppid …` of a live process, or null (gone, or a zombie: exited, not yet reaped). */
function procStat(pid: number): { state: string; ppid: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses: the fields after it follow the last ')'.
  const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return state === 'Z' || state === 'X' ? null : { state: state!, ppid: Number(ppid) };
}

/** Every process below `pid` (children, their children…), from /proc. */
function descendants(pid: number): { pid: number; command: string }[] {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = procStat(Number(entry));
    if (stat) byParent.set(stat.ppid, [...(byParent.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: { pid: number; command: string }[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      let command = '';
      try {
        command = readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {}
      found.push({ pid: child, command });
      queue.push(child);
    }
  }
  return found;
}

/** What `npm start` printed until it showed the setup link (it fails when it exits first). */
function untilSetupLink(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/is running at[\s\S]*setup\//.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

const SETUP_LINK = /http:\/\/localhost:\d+\/setup\/[A-Za-z0-9_-]{43}/;

describe('the Gatehouse server process', () => {
  it('refuses to start on bad configuration, listing every problem in one message', async () => {
    const { status, output } = runToExit(
      baseEnv(tempDir(), 1, {
        GATEHOUSE_PORT: 'ninety',
        GATEHOUSE_SESSION_MAX_AGE: '7 fortnights',
        GATEHOUSE_URL: 'ftp://auth.example.com',
        DATABASE_URL: 'mysql://x',
      }),
    );
    expect(status).toBe(1);
    expect(output).toContain('the configuration has 4 problems');
    for (const name of ['GATEHOUSE_PORT', 'GATEHOUSE_SESSION_MAX_AGE', 'GATEHOUSE_URL', 'DATABASE_URL']) expect(output).toContain(name);
    expect(output).not.toMatch(/at .*\.(m?js|ts):\d+/); // a message, not a stack trace
  });

  it('first start creates the data directory, secrets (0600), outbox and database, and prints a setup link; a second start prints none once an admin exists', async () => {
    const dataDir = join(tempDir(), 'data');
    const port = await freeLoopbackPort();
    const first = await start(baseEnv(dataDir, port), port);
    expect(first.output()).toMatch(SETUP_LINK);
    expect(first.output()).toContain(`is running at http://localhost:${port}`);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dataDir, 'outbox'))).toBe(true);
    expect(statSync(join(dataDir, 'gatehouse.db')).mode & 0o077).toBe(0);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await stop(first.child)).toBe(0);

    // Make an admin exist, as the setup page would.
    const db = new Database(join(dataDir, 'gatehouse.db'));
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO "User" ("id","username","email","displayName","status","statusChangedAt","createdAt","updatedAt") VALUES ('u1','boss','boss@example.test','Boss','active',?,?,?)`,
    ).run(now, now, now);
    db.prepare(`INSERT INTO "Group" ("id","name","createdAt") VALUES ('g1','admins',?)`).run(now);
    db.prepare(`INSERT INTO "UserGroup" ("userId","groupId","createdAt") VALUES ('u1','g1',?)`).run(now);
    db.close();

    const second = await start(baseEnv(dataDir, port), port);
    expect(second.output()).not.toMatch(SETUP_LINK);
    expect(second.output()).not.toContain('applied migration');
    expect(await stop(second.child)).toBe(0);
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['gatehouse.db', 'outbox', 'secrets.json']));
  });

  it('answers 400 to an absolute-form request line and to a path that is not UTF-8, before Next (which redirected to the named host or answered 500)', async () => {
    const dataDir = join(tempDir(), 'data');
    const port = await freeLoopbackPort();
    const running = await start(baseEnv(dataDir, port), port);
    const raw = (line: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(`${line}\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    for (const line of [
      'GET http://evil.test/security HTTP/1.1',
      'GET /password/%zz HTTP/1.1',
      'GET /setup/%c0%af HTTP/1.1',
      'GET /password/%E2%80 HTTP/1.1',
    ]) {
      const answer = await raw(line);
      expect(answer, line).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer, line).not.toMatch(/^location:/im);
    }
    expect((await raw('GET /api/health HTTP/1.1')).startsWith('HTTP/1.1 200 '), 'a plain path still works').toBe(true);
    expect(await stop(running.child)).toBe(0);
  });

  it('refuses to start on a tampered migration', async () => {
    const dataDir = tempDir();
    const migrated = runToExit(baseEnv(dataDir, 1), ['migrate']);
    expect(migrated.status).toBe(0);
    const db = new Database(join(dataDir, 'gatehouse.db'));
    db.prepare(`UPDATE "_gatehouse_migrations" SET "checksum" = 'deadbeef' WHERE "name" = '0001_init'`).run();
    db.close();
    const { status, output } = runToExit(baseEnv(dataDir, await freeLoopbackPort()));
    expect(status).toBe(1);
    expect(output).toMatch(/Refusing to start[\s\S]*0001_init was changed after it was applied/);
  });

  it('two instances starting at once on one database both come up healthy', async () => {
    const dataDir = tempDir();
    const [portA, portB] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const [a, b] = await Promise.all([start(baseEnv(dataDir, portA), portA), start(baseEnv(dataDir, portB), portB)]);
    for (const instance of [a, b]) expect((await fetch(`http://127.0.0.1:${instance.port}/api/health`)).status).toBe(200);
    const db = new Database(join(dataDir, 'gatehouse.db'));
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "_gatehouse_migrations"`).get()).toEqual({ n: readdirSync(join(root, 'prisma/migrations/sqlite')).length });
    db.close();
    await Promise.all([stop(a.child), stop(b.child)]);
  });

  it('runs on PostgreSQL when DATABASE_URL says so', async () => {
    if (!PG_URL) throw new Error('GATEHOUSE_TEST_PG_URL is not set: run the suite with npm test');
    const admin = await import('pg');
    const name = `srv_${Date.now()}`;
    const client = new admin.default.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    const port = await freeLoopbackPort();
    const running = await start(baseEnv(tempDir(), port, { DATABASE_URL: url.toString() }), port);
    expect(running.output()).toContain(`Database: PostgreSQL at 127.0.0.1:${url.port}/${name}`);
    expect(running.output()).toMatch(SETUP_LINK);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    await stop(running.child);
  });

  it('says clearly when the port is taken', async () => {
    const port = await freeLoopbackPort();
    const first = await start(baseEnv(tempDir(), port), port);
    const { status, output } = runToExit(baseEnv(tempDir(), port));
    expect(status).toBe(1);
    expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    await stop(first.child);
  });

  it('npm start reuses an up-to-date build and starts the portal', async () => {
    const port = await freeLoopbackPort();
    const dataDir = tempDir();
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env: baseEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const output = await untilSetupLink(child);
    expect(output).toContain('build is up to date');
    expect(output).not.toContain('building the portal');
    expect(output).not.toContain('installing npm packages');
    await stop(child);
  });

  it('SIGTERM to the outer npm process (as a service manager sends it) stops scripts/start.mjs and the server', async () => {
    const port = await freeLoopbackPort();
    const env = { ...baseEnv(tempDir(), port), npm_config_update_notifier: 'false', npm_config_fund: 'false' };
    const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(npm);
    await untilSetupLink(npm);
    const below = descendants(npm.pid!);
    try {
      expect(below.some((p) => p.command.includes('scripts/start.mjs'))).toBe(true);
      expect(below.some((p) => p.command.includes('dist/server.mjs'))).toBe(true);
      const exited = new Promise((resolve) => npm.once('exit', resolve));
      npm.kill('SIGTERM');
      await exited;
      // The server drains and closes its database first: wait (bounded) for every process npm had below it.
      for (let i = 0; i < 200 && below.some((p) => procStat(p.pid) !== null); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(below.filter((p) => procStat(p.pid) !== null).map((p) => p.command)).toEqual([]);
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      for (const p of below) if (procStat(p.pid) !== null) process.kill(p.pid, 'SIGKILL');
    }
  });
});
