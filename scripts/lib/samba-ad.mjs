// A throwaway Samba Active Directory domain controller on loopback for tests (test/support/ldap/
// samba-ad.ts gives it types): `samba-tool domain provision` into a temp folder (its own smb.conf,
// sam.ldb, private and state folders: nothing of the system's configuration is read or written),
// then `samba -i -M single` with that smb.conf. It listens only on a random 127.x.y.z address (a
// Samba DC cannot change its LDAP ports, so each DC gets its own address), LDAP service only,
// ldap:// with simple binds allowed in clear (`ldap server require strong auth = no`: tests only)
// and ldaps:// with a throwaway CA whose certificate names that address. The domain's content is
// made with samba-tool against the DC's own sam.ldb (as an admin on the DC would), before start
// and while it runs. Stopped by PID; the folder is removed.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopProcess } from './services.mjs';
import { makeTestCa, waitForPort } from './slapd.mjs';

export const SAMBA = '/usr/sbin/samba';
export const SAMBA_TOOL = '/usr/bin/samba-tool';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

function randomLoopback() {
  const byte = () => 2 + Math.floor(Math.random() * 250);
  return `127.${byte()}.${byte()}.${byte()}`;
}

/** The lines added to the provisioned smb.conf's [global] section. */
function globalOptions({ dir, address, tls }) {
  return [
    `interfaces = ${address}/8`,
    'bind interfaces only = yes',
    'server services = ldap',
    'ldap server require strong auth = no',
    'tls enabled = yes',
    `tls keyfile = ${tls.keyFile}`,
    `tls certfile = ${tls.certFile}`,
    `tls cafile = ${tls.caFile}`,
    `pid directory = ${join(dir, 'run')}`,
    `ncalrpc dir = ${join(dir, 'run', 'ncalrpc')}`,
    `log file = ${join(dir, 'log.%m')}`,
  ];
}

/**
 * Provisions the domain `realm` (NetBIOS name `domain`), runs `setup` (samba-tool argument lists,
 * each run against the domain's sam.ldb) and starts the DC. Resolves to its URLs, base DN, CA,
 * `tool(...args)` (samba-tool against the running DC's database), timings and `stop()`.
 */
export async function startSambaAd({
  realm = 'GATEHOUSE.TEST',
  domain = 'GATEHOUSE',
  adminPassword = 'Admin-pass-1!',
  setup = [],
  startTimeoutMs = 90_000,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-samba-'));
  mkdirSync(join(dir, 'run', 'ncalrpc'), { recursive: true });
  const address = randomLoopback();
  const baseDn = realm
    .toLowerCase()
    .split('.')
    .map((part) => `DC=${part}`)
    .join(',');
  const conf = join(dir, 'etc', 'smb.conf');
  const started = Date.now();
  let child;
  const stop = async () => {
    if (child) await stopProcess({ child });
    rmSync(dir, { recursive: true, force: true });
  };
  const tool = (...args) => run(SAMBA_TOOL, [...args, '-s', conf, '-H', `tdb://${join(dir, 'private', 'sam.ldb')}`]);
  const logFile = join(dir, 'samba.log');
  try {
    const tls = makeTestCa(dir, 'ca', address);
    chmodSync(tls.keyFile, 0o600);
    run(SAMBA_TOOL, [
      'domain',
      'provision',
      `--targetdir=${dir}`,
      `--realm=${realm}`,
      `--domain=${domain}`,
      '--server-role=dc',
      '--dns-backend=NONE',
      '--use-rfc2307',
      '--host-name=dc1',
      `--adminpass=${adminPassword}`,
    ]);
    const options = globalOptions({ dir, address, tls });
    const keys = new Set(options.map((line) => line.split(' = ')[0]));
    const provisioned = readFileSync(conf, 'utf8')
      .split('\n')
      .filter((line) => !keys.has(line.trim().split(' = ')[0]?.toLowerCase() ?? ''));
    const global = provisioned.indexOf('[global]');
    provisioned.splice(global + 1, 0, ...options.map((line) => `\t${line}`));
    writeFileSync(conf, provisioned.join('\n'));
    const provisionedMs = Date.now() - started;
    for (const args of setup) tool(...args);
    const seededMs = Date.now() - started - provisionedMs;
    // A server listening on every address at 389 would answer for this address too.
    if (
      await waitForPort(389, address, 0).then(
        () => true,
        () => false,
      )
    )
      throw new Error(`something already listens on ${address}:389`);
    const logFd = openSync(logFile, 'a');
    child = spawn(SAMBA, ['-i', '-M', 'single', '--debuglevel=1', '-s', conf], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    await waitForPort(389, address, startTimeoutMs, { name: 'samba', exited });
    await waitForPort(636, address, startTimeoutMs, { name: 'samba', exited });
    await waitForPort(3268, address, startTimeoutMs, { name: 'samba', exited });
    const timings = { provisionMs: provisionedMs, setupMs: seededMs, startMs: Date.now() - started - provisionedMs - seededMs };
    return {
      pid: child.pid,
      dir,
      realm,
      domain,
      address,
      baseDn,
      usersDn: `CN=Users,${baseDn}`,
      adminDn: `CN=Administrator,CN=Users,${baseDn}`,
      adminPassword,
      ldapUrl: `ldap://${address}:389`,
      ldapsUrl: `ldaps://${address}:636`,
      caPem: tls.caPem,
      timings,
      tool,
      log: () => readFileSync(logFile, 'utf8'),
      stop,
    };
  } catch (error) {
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8').slice(-3000);
    } catch {}
    await stop();
    throw new Error(`${error.message}\n${log}`);
  }
}
