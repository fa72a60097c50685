#!/usr/bin/env node
// `npm run try-out`: the whole flow on one machine. Starts a Gatehouse of its own (data in
// data/try-out, nothing shared with the portal `npm start` runs), a sample application, and
// Caddy (or nginx) with the configuration Gatehouse generates for its stored applications, all on
// *.gatehouse.localhost, which browsers send to this machine:
//
//   http://auth.gatehouse.localhost:8080     the portal, behind the proxy
//   http://whoami.gatehouse.localhost:8080   the sample application, protected by it
//
//   npm run try-out [-- --port 8080] [-- --proxy caddy|nginx] [-- --data data/try-out]
//
// Ctrl-C stops everything it started. Prints "try-out ready" once every part answers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDebianPackages } from './lib/debian.mjs';
import { checkNode, ensureBuilt, ensureInstalled, generateClients, root } from './lib/prepare.mjs';
import { startCaddy, startNginx } from './lib/proxies.mjs';
import { freePort, startProcess, stopProcess } from './lib/services.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const DOMAIN = 'gatehouse.localhost';
const port = Number(option('port', '8080'));
const dataDir = resolve(root, option('data', 'data/try-out'));
const hasCaddy = existsSync('/usr/bin/caddy');
const hasNginx = existsSync('/usr/sbin/nginx');
const proxy = option('proxy', hasCaddy || !hasNginx ? 'caddy' : 'nginx');

function fail(message) {
  console.error(`\n[try-out] ${message}\n`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be a port number (got "${option('port')}")`);
if (proxy !== 'caddy' && proxy !== 'nginx') fail(`--proxy must be caddy or nginx (got "${proxy}")`);

checkNode();
try {
  ensureInstalled();
  generateClients();
  ensureBuilt();
  if (!(proxy === 'caddy' ? hasCaddy : hasNginx)) ensureDebianPackages([proxy]);
} catch (error) {
  fail(`could not prepare the try-out: ${error.message}`);
}

mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const portalPort = await freePort();
const publicUrl = (host) => `http://${host}.${DOMAIN}${port === 80 ? '' : `:${port}`}`;
const portalUrl = publicUrl('auth');
const appUrl = publicUrl('whoami');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  // The try-out's own portal: these win over a gatehouse.env beside it.
  GATEHOUSE_ENV_FILE: join(dataDir, 'try-out.env'),
  GATEHOUSE_URL: portalUrl,
  GATEHOUSE_COOKIE_DOMAIN: DOMAIN,
  GATEHOUSE_LISTEN: '127.0.0.1',
  GATEHOUSE_PORT: String(portalPort),
  GATEHOUSE_DATA_DIR: dataDir,
  GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
  DATABASE_URL: `file:${join(dataDir, 'gatehouse.db')}`,
};
// An empty env file of its own, so the try-out never reads the real portal's gatehouse.env.
if (!existsSync(env.GATEHOUSE_ENV_FILE)) {
  writeFileSync(env.GATEHOUSE_ENV_FILE, '# The try-out sets everything it needs itself (scripts/try-out.mjs).\n', { mode: 0o600 });
}

const started = [];
async function stopAll() {
  for (const handle of started.reverse()) await handle.stop().catch(() => {});
}
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[try-out] stopping…');
    void stopAll().finally(() => process.exit(0));
  });
}

try {
  const sample = await startProcess('sample-app', process.execPath, [join(root, 'scripts/try-out/sample-app.mjs'), '--port', '0', '--portal', portalUrl], {
    ready: /sample-app ready port=(\d+)/,
    timeoutMs: 10_000,
  });
  started.push({ stop: () => stopProcess(sample) });
  const sampleUpstream = `http://127.0.0.1:${sample.match[1]}`;

  // Migrations, the sample application (created or brought up to date) and the proxy configuration.
  const configFile = join(dataDir, proxy === 'caddy' ? 'Caddyfile' : 'nginx-gatehouse.conf');
  const seed = await startProcess(
    'try-out seed',
    process.execPath,
    [
      join(root, 'dist/server.mjs'),
      'try-out',
      '--proxy',
      proxy,
      '--app-url',
      appUrl,
      '--upstream',
      sampleUpstream,
      '--listen-port',
      String(port),
      '--out',
      configFile,
    ],
    { env, ready: /try-out seeded/, timeoutMs: 60_000 },
  );
  await new Promise((r) => (seed.child.exitCode === null ? seed.child.once('exit', r) : r()));
  const config = readFileSync(configFile, 'utf8');

  const portal = await startProcess('gatehouse', process.execPath, [join(root, 'dist/server.mjs')], {
    env,
    ready: /Mail: .*\n/,
    timeoutMs: 90_000,
  });
  started.push({ stop: () => stopProcess(portal) });

  const proxyHandle = proxy === 'caddy' ? await startCaddy({ caddyfile: config, port }) : await startNginx({ serverConfig: config, port });
  started.push(proxyHandle);

  // The setup link follows the "Mail:" line when no admin exists yet (nothing does otherwise).
  let setup = null;
  for (let i = 0; i < 30 && !setup; i++) {
    setup = portal.output().match(/https?:\/\/\S+\/setup\/\S+/);
    if (!setup) await new Promise((r) => setTimeout(r, 100));
  }
  portal.child.stdout.on('data', (chunk) => process.stdout.write(chunk));
  portal.child.stderr.on('data', (chunk) => process.stderr.write(chunk));

  console.log(
    [
      '',
      `  Gatehouse try-out (${proxy} on port ${port}, data in ${dataDir}):`,
      '',
      setup ? `    1. Create the first admin:  ${setup[0]}` : `    1. Sign in:                 ${portalUrl}/sign-in`,
      `    2. Open the sample app:     ${appUrl}`,
      '       Gatehouse asks you to sign in, then to add a second factor (the app needs two),',
      '       and the app greets you by the name Gatehouse vouched for.',
      '',
      `  The ${proxy} configuration it runs: ${configFile} (Admin → Proxy shows the same).`,
      '  Ctrl-C stops the portal, the sample app and the proxy.',
      '',
      `try-out ready portal=${portalUrl} app=${appUrl}${setup ? ` setup=${setup[0]}` : ''}`,
      '',
    ].join('\n'),
  );
} catch (error) {
  await stopAll();
  fail(error.message);
}
