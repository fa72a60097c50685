// Real services for the test run, each its own process on 127.0.0.1, stopped by PID:
// a throwaway PostgreSQL cluster, the SMTP catcher, the OpenID Connect provider, and Gatehouse itself.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './prepare.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command` and resolves once a line of its output matches `ready`. */
export function startProcess(name, command, args, { env = process.env, cwd = root, ready, timeoutMs = 60_000, logFile } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = logFile ? createWriteStream(logFile) : null;
    let output = '';
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`${name} did not become ready within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`)), timeoutMs);
    function finish(error, match) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve({ child, match, name, output: () => output });
    }
    const onData = (chunk) => {
      const text = chunk.toString();
      log?.write(text);
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      const match = ready ? output.match(ready) : null;
      if (match) finish(null, match);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => finish(error));
    child.once('exit', (code) => finish(new Error(`${name} exited with code ${code} before it was ready:\n${output.slice(-3000)}`)));
  });
}

export async function stopProcess(handle, signal = 'SIGTERM') {
  if (!handle?.child || handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  const exited = new Promise((resolve) => handle.child.once('exit', resolve));
  handle.child.kill(signal);
  const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    handle.child.kill('SIGKILL');
    await exited;
  }
}

/**
 * What a script started, stopped in reverse order by PID, once — at the end, on an error, or on
 * Ctrl-C — and its work directory removed. `beforeStop` runs first (e.g. killing a load generator).
 * Register with `session.running.push({ name, stop })`; set `session.workDir` once made.
 */
export function stopOnExit({ label = '[bench]', beforeStop } = {}) {
  let cleaning = null;
  const session = {
    running: [],
    workDir: null,
    interrupted: false,
    cleanup() {
      cleaning ??= (async () => {
        beforeStop?.();
        for (const item of session.running.reverse()) {
          try {
            await item.stop();
          } catch (error) {
            console.error(`${label} could not stop ${item.name}: ${error.message}`);
          }
        }
        session.running.length = 0;
        if (session.workDir) rmSync(session.workDir, { recursive: true, force: true });
      })();
      return cleaning;
    },
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      session.interrupted = true;
      console.error(`\n${label} ${signal}: stopping everything…`);
      session.cleanup().finally(() => process.exit(130));
    });
  }
  return session;
}

export async function startSmtpCatcher() {
  const handle = await startProcess('smtp-catcher', process.execPath, [join(root, 'e2e/support/smtp-catcher.mjs')], {
    ready: /smtp-catcher ready smtp=(\d+) http=(\d+)/,
  });
  return { ...handle, smtpPort: Number(handle.match[1]), apiUrl: `http://127.0.0.1:${handle.match[2]}` };
}

/** The test OpenID Connect provider's default client (e2e/support/oidc-provider.mjs). */
export const OIDC_TEST_CLIENT_ID = 'gatehouse';
export const OIDC_TEST_CLIENT_SECRET = 'gatehouse-secret';
/** The provider id Gatehouse is to use for the test provider: its callback is <portal url>/api/auth/callback/testidp. */
export const OIDC_TEST_PROVIDER_ID = 'testidp';

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, issuer http://127.0.0.1:<free port>, whose default
 * client (OIDC_TEST_CLIENT_ID / OIDC_TEST_CLIENT_SECRET) may redirect to `redirectUris`, matched exactly, or, with
 * `anyLoopbackPort`, to those URIs on any port of http://localhost / http://127.0.0.1. `clients` (client metadata
 * objects) replaces the default client; `logFile` keeps its output. Returns the process handle, the issuer, and stop().
 */
export async function startOidcProvider(redirectUris, { anyLoopbackPort = false, clients, port = 0, logFile } = {}) {
  const handle = await startProcess('oidc-provider', process.execPath, [join(root, 'e2e/support/oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_PORT: String(port),
      OIDC_REDIRECT_URIS: (redirectUris ?? []).join(','),
      OIDC_LOOPBACK_ANY_PORT: anyLoopbackPort ? '1' : '',
      OIDC_CLIENTS: clients ? JSON.stringify(clients) : '',
    },
    ready: /oidc-provider ready issuer=(http:\/\/127\.0\.0\.1:\d+)/,
    timeoutMs: 30_000,
    logFile,
  });
  return {
    ...handle,
    issuer: handle.match[1],
    clientId: OIDC_TEST_CLIENT_ID,
    clientSecret: OIDC_TEST_CLIENT_SECRET,
    stop: () => stopProcess(handle),
  };
}

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : null;
}

/**
 * A throwaway PostgreSQL cluster in a temp dir (fsync off: it is discarded after the run).
 * Returns a URL for role `gh` (which may create databases) and a stop function.
 */
export async function startPostgres() {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql); run the tests as root to install it.');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-'));
  const runAs = (command, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  if (asRoot) {
    const pw = spawnSync('id', ['-u', 'postgres']);
    if (pw.status !== 0) throw new Error('the postgres system user is missing (reinstall the postgresql package)');
    const uid = Number(pw.stdout.toString());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString());
    chownSync(dir, uid, gid);
  }
  const exec = (command, args) => {
    const [c, a] = runAs(command, args);
    const result = spawnSync(c, a, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  exec(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const start = () =>
    exec(join(bin, 'pg_ctl'), [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ]);
  start();
  exec(join(bin, 'psql'), [
    '-h',
    dir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    "CREATE ROLE gh LOGIN CREATEDB PASSWORD 'gh'",
    '-c',
    'CREATE DATABASE gh_test OWNER gh',
  ]);
  return {
    url: `postgresql://gh:gh@127.0.0.1:${port}/gh_test`,
    port,
    /** Stops the server but keeps its data (an outage); resume() starts it again on the same port. */
    pause() {
      exec(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    },
    resume() {
      start();
    },
    async stop() {
      try {
        exec(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
