/**
 * Apache httpd with mod_auth_openidc (Debian packages `apache2` and `libapache2-mod-auth-openidc`)
 * as a real OpenID Connect relying party in tests: its own ServerRoot, PidFile, logs and sockets in
 * a temp dir, listening on 127.0.0.1 only, run in the foreground and stopped by PID.
 *
 * What it serves:
 *   /protected/claims      behind `AuthType openid-connect`: a CGI (mod_cgid) that prints, as
 *                          text/plain, REMOTE_USER, every OIDC_CLAIM_* variable mod_auth_openidc
 *                          passed (OIDCPassClaimsAs environment) and the ID token it validated
 *                          (OIDC_id_token), one `NAME=value` per line, sorted
 *   /protected/redirect_uri  mod_auth_openidc's OIDCRedirectURI (the code callback, and
 *                          `?logout=<url>`: ends the Apache session, then RP-initiated logout at
 *                          the provider's end_session_endpoint with post_logout_redirect_uri=<url>)
 *   /signed-out.html       a public page, the post-logout landing page
 *
 * Directives: https://github.com/OpenIDC/mod_auth_openidc/blob/v2.4.12/auth_openidc.conf (the
 * module's documented configuration, version 2.4.12 as Debian 12 ships it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../test/support/free-port';

export const APACHE_BIN = '/usr/sbin/apache2';
export const APACHE_MODULES = '/usr/lib/apache2/modules';
/** The scopes mod_auth_openidc asks for. */
export const APACHE_SCOPE = 'openid profile email groups';

export type ApacheOidcOptions = {
  /** The provider's issuer: discovery is read from <issuer>/.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** client_secret_basic (default) or client_secret_post. */
  tokenEndpointAuth?: 'client_secret_basic' | 'client_secret_post';
};

export type ApacheLayout = { dir: string; port: number };

/** Where the pieces of an Apache on `port` are reached from the browser. */
export function apacheUrls(port: number) {
  const origin = `http://127.0.0.1:${port}`;
  const redirectUri = `${origin}/protected/redirect_uri`;
  const signedOut = `${origin}/signed-out.html`;
  return {
    origin,
    claims: `${origin}/protected/claims`,
    redirectUri,
    signedOut,
    /** mod_auth_openidc's logout: ends its session, then the provider's (post_logout_redirect_uri = signedOut). */
    logout: `${redirectUri}?logout=${encodeURIComponent(signedOut)}`,
  };
}

const quote = (value: string) => {
  // Inside double quotes Apache only unescapes \" (a backslash before anything else stays).
  if (/["\r\n]|\\$/.test(value)) throw new Error(`refusing to write ${JSON.stringify(value)} into an Apache config`);
  return `"${value}"`;
};

/** The whole httpd.conf for an Apache in `dir` on 127.0.0.1:`port` (pure: a test can read it). */
export function apacheConfig(layout: ApacheLayout, oidc: ApacheOidcOptions & { passphrase: string }, runAs: string | null): string {
  const { dir, port } = layout;
  const urls = apacheUrls(port);
  const modules = ['mpm_event', 'authn_core', 'authz_core', 'authz_user', 'alias', 'cgid', 'auth_openidc'];
  return [
    `ServerRoot ${quote(dir)}`,
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${port}`,
    `PidFile ${quote(join(dir, 'httpd.pid'))}`,
    `DefaultRuntimeDir ${quote(dir)}`,
    `Mutex file:${dir} default`,
    `ErrorLog ${quote(join(dir, 'error.log'))}`,
    'LogLevel warn auth_openidc:info',
    ...modules.map((name) => `LoadModule ${name}_module ${quote(join(APACHE_MODULES, `mod_${name}.so`))}`),
    // Started as root, Apache serves (and runs the CGI) as an unprivileged user.
    ...(runAs ? [`User ${runAs}`, `Group ${runAs}`] : []),
    'StartServers 1',
    'ServerLimit 2',
    'ThreadsPerChild 16',
    'MaxRequestWorkers 32',
    'MinSpareThreads 4',
    'MaxSpareThreads 32',
    `ScriptSock ${quote(join(dir, 'cgid.sock'))}`,
    `DocumentRoot ${quote(join(dir, 'htdocs'))}`,
    '<Directory />',
    '    Require all denied',
    '</Directory>',
    `<Directory ${quote(join(dir, 'htdocs'))}>`,
    '    Require all granted',
    '</Directory>',
    `ScriptAlias /protected/claims ${quote(join(dir, 'cgi-bin', 'claims'))}`,
    `<Directory ${quote(join(dir, 'cgi-bin'))}>`,
    '    Options +ExecCGI',
    '    Require all granted',
    '</Directory>',
    '',
    `OIDCProviderMetadataURL ${quote(`${oidc.issuer}/.well-known/openid-configuration`)}`,
    `OIDCClientID ${quote(oidc.clientId)}`,
    `OIDCClientSecret ${quote(oidc.clientSecret)}`,
    `OIDCProviderTokenEndpointAuth ${oidc.tokenEndpointAuth ?? 'client_secret_basic'}`,
    `OIDCRedirectURI ${quote(urls.redirectUri)}`,
    `OIDCCryptoPassphrase ${quote(oidc.passphrase)}`,
    `OIDCScope ${quote(APACHE_SCOPE)}`,
    'OIDCPKCEMethod S256',
    'OIDCResponseType code',
    'OIDCRemoteUserClaim preferred_username',
    'OIDCPassClaimsAs environment',
    // The ID token itself too (OIDC_id_token), so a test can read the algorithm it was signed with.
    'OIDCPassIDTokenAs claims serialized',
    // Where ?logout= may send the browser afterwards (the module refuses other hosts).
    `OIDCRedirectURLsAllowed ${quote(`^${urls.origin.replace(/\./g, '\\.')}/`)}`,
    '<Location /protected>',
    '    AuthType openid-connect',
    '    Require valid-user',
    '</Location>',
    '',
  ].join('\n');
}

const CLAIMS_CGI = `#!/bin/sh
# The claims mod_auth_openidc passed to this request, as the app behind it would read them.
printf 'Content-Type: text/plain; charset=utf-8\\r\\nCache-Control: no-store\\r\\n\\r\\n'
printf 'REMOTE_USER=%s\\n' "$REMOTE_USER"
env | grep -E '^(OIDC_CLAIM_|OIDC_id_token=)' | LC_ALL=C sort
`;

const SIGNED_OUT_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signed out of the Apache app</title></head>
<body><h1>Signed out of the Apache app</h1></body></html>
`;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export type ApacheProcess = ReturnType<typeof apacheUrls> & {
  port: number;
  dir: string;
  child: ChildProcess;
  errorLog(): string;
  stop(): Promise<void>;
};

/** Checks that Debian's Apache and mod_auth_openidc are there (scripts/test.mjs installs them when root). */
export function apacheInstalled(): boolean {
  return existsSync(APACHE_BIN) && existsSync(join(APACHE_MODULES, 'mod_auth_openidc.so'));
}

/** Writes the config and its files into a new temp dir; returns the dir and what `apache2 -t` said. */
export function prepareApache(port: number, oidc: ApacheOidcOptions): { dir: string; configFile: string; test: { ok: boolean; output: string } } {
  if (!apacheInstalled()) throw new Error('Apache or mod_auth_openidc is missing: run the tests through npm test (as root it installs them)');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-apache-'));
  // Started as root, the children run as www-data: they must reach the CGI and the pages.
  chmodSync(dir, 0o755);
  for (const sub of ['htdocs', 'cgi-bin']) mkdirSync(join(dir, sub), { mode: 0o755 });
  writeFileSync(join(dir, 'cgi-bin', 'claims'), CLAIMS_CGI, { mode: 0o755 });
  writeFileSync(join(dir, 'htdocs', 'signed-out.html'), SIGNED_OUT_PAGE, { mode: 0o644 });
  const runAs = process.getuid?.() === 0 ? 'www-data' : null;
  const passphrase = randomBytes(32).toString('base64url');
  const configFile = join(dir, 'httpd.conf');
  writeFileSync(configFile, apacheConfig({ dir, port }, { ...oidc, passphrase }, runAs), { mode: 0o600 });
  const result = spawnSync(APACHE_BIN, ['-f', configFile, '-t'], { encoding: 'utf8' });
  return { dir, configFile, test: { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` } };
}

/**
 * Starts Apache in the foreground (`apache2 -f <conf> -DFOREGROUND`) as the relying party of
 * `oidc.issuer`, on a free loopback port unless `port` is given. Ready once the port accepts
 * connections; fails with the error log if it exits first or takes over 20 s.
 */
export async function startApache(oidc: ApacheOidcOptions, port?: number): Promise<ApacheProcess> {
  const listenPort = port ?? (await freeLoopbackPort());
  const { dir, configFile, test } = prepareApache(listenPort, oidc);
  if (!test.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`apache2 -t refused the generated config:\n${test.output}`);
  }
  // A clean environment: Debian's apache2 reads APACHE_* variables only through apache2ctl.
  const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH, LANG: 'C' };
  const child = spawn(APACHE_BIN, ['-f', configFile, '-DFOREGROUND'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const errorLog = () => readIfExists(join(dir, 'error.log'));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${signal ?? `code ${code}`}`)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(resolve, 50, null))]);
    if (early !== null) {
      const log = errorLog();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`apache2 exited (${early}) before it was ready:\n${output}${log}`);
    }
    if (await canConnect(listenPort)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`apache2 did not accept connections on ${listenPort} within 20 s:\n${output}`);
    }
  }
  return { ...apacheUrls(listenPort), port: listenPort, dir, child, errorLog, stop };
}

/** The claims page's text as a map: `REMOTE_USER` and `OIDC_CLAIM_<name>` → value. */
export function parseClaimsPage(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}
