// Real reverse proxies for tests, each its own process on 127.0.0.1, stopped by PID:
// nginx (Debian package) and Caddy (Debian package), plus the echo app that stands in for a
// protected upstream. Everything they write (pid, logs, temp files, Caddy's storage) lives
// in a temp dir that stop() removes.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './prepare.mjs';
import { startProcess, stopProcess } from './services.mjs';

const MIME_TYPES = '/etc/nginx/mime.types';
// Debian installs nginx in /usr/sbin, which is not on a normal user's PATH.
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // nginx started as root runs its workers as `nobody`: they must be able to reach the temp
  // paths below (nginx creates and chowns those itself).
  chmodSync(dir, 0o755);
  return dir;
}

function canConnect(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Like services.mjs' startProcess, but ready means "`port` on 127.0.0.1 accepts a TCP
 * connection" (nginx and Caddy print nothing dependable when they are up): polls until then,
 * fails early with the output if the process exits first, SIGKILLs it on timeout.
 */
function startListening(name, command, args, { env = process.env, cwd = root, port, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let settled = false;
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const deadline = Date.now() + timeoutMs;
    function finish(error) {
      if (settled) return;
      settled = true;
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve({ child, name, output: () => output });
    }
    child.once('error', (error) => finish(error));
    child.once('exit', (code, signal) => finish(new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready:\n${output.slice(-3000)}`)));
    (async function poll() {
      while (!settled) {
        if (await canConnect(port)) {
          // Something else may own the port while our process fails to bind and exits:
          // give it a moment to do so before calling it ready.
          await new Promise((r) => setTimeout(r, 100));
          return finish(null);
        }
        if (Date.now() > deadline)
          return finish(new Error(`${name} did not accept connections on port ${port} within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
  });
}

/** The first `listen …:<port>` in an nginx config (the port startNginx waits for). */
function firstNginxPort(serverConfig) {
  const match = serverConfig.match(/^\s*listen\s+(?:\S*:)?(\d+)\b/m);
  if (!match) throw new Error('startNginx: the server config has no listen directive; pass { port }');
  return Number(match[1]);
}

/** Writes the minimal nginx.conf around `serverConfig` (which goes inside http { }). */
function writeNginxConf(dir, serverConfig) {
  const conf = [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events {',
    '    worker_connections 256;',
    '}',
    'http {',
    ...(existsSync(MIME_TYPES) ? [`    include ${MIME_TYPES};`] : []),
    '    default_type application/octet-stream;',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `    ${kind}_temp_path ${join(dir, `${kind}_temp`)};`),
    '',
    serverConfig,
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), conf);
}

function nginxArgs(dir) {
  // -e: nginx opens its compiled-in error log (/var/log/nginx) before reading the config.
  return ['-p', dir, '-c', 'nginx.conf', '-e', join(dir, 'error.log'), '-g', 'daemon off;'];
}

/**
 * Starts nginx with `serverConfig` inside a minimal nginx.conf in `dir` (default: a new temp
 * dir). Ready once the first listen port (or `port`) accepts connections.
 * Returns { child, dir, port, stop, errorLog() }; stop() sends SIGQUIT (graceful) and waits.
 */
export async function startNginx({ serverConfig, dir, port } = {}) {
  const ownDir = !dir;
  const prefix = dir ?? tempDir('gatehouse-nginx-');
  mkdirSync(prefix, { recursive: true });
  writeNginxConf(prefix, serverConfig);
  const listenPort = port ?? firstNginxPort(serverConfig);
  let handle;
  try {
    handle = await startListening('nginx', NGINX, nginxArgs(prefix), { port: listenPort });
  } catch (error) {
    if (ownDir) rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    ...handle,
    dir: prefix,
    port: listenPort,
    errorLog: () => readIfExists(join(prefix, 'error.log')),
    async stop() {
      await stopProcess(handle, 'SIGQUIT');
      if (ownDir) rmSync(prefix, { recursive: true, force: true });
    },
  };
}

function readIfExists(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** `nginx -t` on `serverConfig` wrapped the same way as startNginx. Returns { ok, output }. */
export function nginxTest(serverConfig) {
  const dir = tempDir('gatehouse-nginx-t-');
  try {
    writeNginxConf(dir, serverConfig);
    const result = spawnSync(NGINX, ['-t', ...nginxArgs(dir)], { encoding: 'utf8' });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
    return { ok: result.status === 0, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Caddy keeps certificates and autosaved config under HOME/XDG dirs: point them at `dir`. */
function caddyEnv(dir) {
  for (const sub of ['data', 'config']) mkdirSync(join(dir, sub), { recursive: true });
  return { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
}

/** The port of the first `http://host:port` site address in a Caddyfile. */
function firstCaddyPort(caddyfile) {
  const match = caddyfile.match(/^https?:\/\/[^\s:/]+:(\d+)/m) ?? caddyfile.match(/^[^\s#{(][^\s]*:(\d+)\s*\{/m);
  if (!match) throw new Error('startCaddy: no site address with a port in the Caddyfile; pass { port }');
  return Number(match[1]);
}

/**
 * Runs `caddy run` on `caddyfile` with its storage in a temp dir. Ready once the first site's
 * port (or `port`) accepts connections. Returns { child, dir, port, stop }.
 */
export async function startCaddy({ caddyfile, port } = {}) {
  const dir = tempDir('gatehouse-caddy-');
  const file = join(dir, 'Caddyfile');
  writeFileSync(file, caddyfile);
  const listenPort = port ?? firstCaddyPort(caddyfile);
  let handle;
  try {
    handle = await startListening('caddy', 'caddy', ['run', '--config', file, '--adapter', 'caddyfile'], {
      env: caddyEnv(dir),
      cwd: dir,
      port: listenPort,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...handle,
    dir,
    port: listenPort,
    async stop() {
      await stopProcess(handle, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `caddy validate --adapter caddyfile` on `caddyfile`. Returns { ok, output }. */
export function caddyValidate(caddyfile) {
  const dir = tempDir('gatehouse-caddy-v-');
  try {
    const file = join(dir, 'Caddyfile');
    writeFileSync(file, caddyfile);
    const result = spawnSync('caddy', ['validate', '--config', file, '--adapter', 'caddyfile'], {
      encoding: 'utf8',
      env: caddyEnv(dir),
      cwd: dir,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
    return { ok: result.status === 0, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `caddy fmt` output for `caddyfile` (to check generated files are already formatted). */
export function caddyFormat(caddyfile) {
  const dir = tempDir('gatehouse-caddy-f-');
  try {
    const file = join(dir, 'Caddyfile');
    writeFileSync(file, caddyfile);
    const result = spawnSync('caddy', ['fmt', file], { encoding: 'utf8', env: caddyEnv(dir), cwd: dir });
    if (result.status !== 0) throw new Error(`caddy fmt failed: ${result.stderr || result.error}`);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The echo app (e2e/support/echo-app.mjs) on a free loopback port. Returns { child, port, url, stop }. */
export async function startEchoApp() {
  const handle = await startProcess('echo-app', process.execPath, [join(root, 'e2e/support/echo-app.mjs'), '--port', '0'], {
    ready: /echo-app ready port=(\d+)/,
    timeoutMs: 10_000,
  });
  const port = Number(handle.match[1]);
  return { ...handle, port, url: `http://127.0.0.1:${port}`, stop: () => stopProcess(handle) };
}
