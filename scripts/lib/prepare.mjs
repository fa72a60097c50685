// Shared by `npm start` and `npm test`: install npm packages when missing or stale, generate
// the Prisma clients, and build the portal only when its sources changed.
// Uses Node built-ins only: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function log(message) {
  console.log(`[gatehouse] ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return result;
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 9)) {
    console.error(`Gatehouse needs Node.js 20.9 or newer; this is ${process.versions.node}.`);
    process.exit(1);
  }
}

/**
 * Installs npm packages when node_modules is missing or was installed from another
 * package-lock.json. `npm install` (which follows the lockfile) rather than `npm ci`: a lockfile
 * written where a registry mirror lacks other platforms' optional binaries (@next/swc-darwin-*,
 * …) omits them, and `npm ci` then refuses to install at all.
 */
export function ensureInstalled() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.gatehouse-lock-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sha256(readFileSync(lock))) return false;
  log('installing npm packages (first start or package-lock.json changed)…');
  const started = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(stamp, sha256(readFileSync(lock)));
  log(`npm packages installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

export function generateClients() {
  run(process.execPath, [join(root, 'scripts', 'db-schema.mjs'), 'generate']);
}

const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'prisma',
  'public',
  'proxy.ts',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'scripts/lib/prepare.mjs',
];
const SKIP = new Set(['generated', 'node_modules', '.next']);

function listFiles(path, out) {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isFile()) {
    if (!/\.test\.tsx?$/.test(path)) out.push(path);
    return;
  }
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) listFiles(join(path, entry), out);
  }
}

/** A hash of everything the build reads: unchanged sources mean the existing build is reused. */
export function buildInputsHash() {
  const files = [];
  for (const input of BUILD_INPUTS) listFiles(join(root, input), files);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const BUILD_STAMP = join(root, '.next', 'gatehouse-build-hash');
const SERVER_BUNDLE = join(root, 'dist', 'server.mjs');

/** Builds Next and the server bundle unless the last build was made from the same sources. */
export function ensureBuilt({ force = false } = {}) {
  const want = buildInputsHash();
  if (!force && existsSync(BUILD_STAMP) && existsSync(SERVER_BUNDLE) && readFileSync(BUILD_STAMP, 'utf8') === want) {
    log('build is up to date');
    return false;
  }
  log('building the portal (next build)…');
  const started = Date.now();
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.NODE_ENV;
  run(process.execPath, [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { env });
  bundleServer();
  mkdirSync(dirname(BUILD_STAMP), { recursive: true });
  writeFileSync(BUILD_STAMP, want);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/** The custom server (lib/server/main.ts) as one ES module; packages stay in node_modules. */
export function bundleServer() {
  run(join(root, 'node_modules', '.bin', 'esbuild'), [
    'lib/server/main.ts',
    '--bundle',
    '--platform=node',
    '--target=node20',
    '--format=esm',
    '--packages=external',
    '--alias:server-only=./test/support/empty-module.ts',
    '--outfile=dist/server.mjs',
    '--log-level=warning',
  ]);
}
