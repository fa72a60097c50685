// A throwaway OpenLDAP slapd on loopback for tests and `npm run bench:ldap` (test/support/slapd.ts
// gives it types): its own slapd.conf, database and throwaway CA (openssl) in a temp folder;
// ldap:// on 127.0.0.1, ldaps:// on 127.0.0.1 (the certificate's address) and on 127.0.0.2 (an
// address the certificate does NOT name: the mismatch case); the memberOf and ppolicy overlays.
// The base entries and users are loaded with slapadd before start; groups are added over LDAP
// afterwards, so the memberOf overlay writes each member's memberOf. slapd runs in the foreground
// with `-d stats`, its log in a file: `binds(dn)` counts the BIND operations it received. Stopped
// by PID.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from './services.mjs';

export const SLAPD = '/usr/sbin/slapd';
const SCHEMAS = ['core', 'cosine', 'nis', 'inetorgperson'];

function run(command, args, input) {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** A CA and a server certificate for IP `ip` (127.0.0.1) signed by it (P-256 keys: quick to make). */
export function makeTestCa(dir, name = 'ca', ip = '127.0.0.1') {
  const ca = join(dir, `${name}.pem`);
  const caKey = join(dir, `${name}.key`);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run('openssl', ['req', '-x509', ...ec, '-keyout', caKey, '-out', ca, '-days', '2', '-subj', `/CN=Gatehouse test CA ${name}`]);
  const key = join(dir, `${name}-server.key`);
  const csr = join(dir, `${name}-server.csr`);
  const cert = join(dir, `${name}-server.pem`);
  const ext = join(dir, `${name}-server.ext`);
  writeFileSync(ext, `subjectAltName=IP:${ip}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  run('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', `/CN=${ip}`]);
  run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { caFile: ca, caPem: readFileSync(ca, 'utf8'), certFile: cert, keyFile: key };
}

/** Resolves once `host:port` accepts a TCP connection, polled; rejects after `timeoutMs` or once `exited()` says the server is gone. */
export function waitForPort(port, host, timeoutMs, { name = 'slapd', exited = () => false } = {}) {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (exited()) return reject(new Error(`${name} exited before it listened on ${host}:${port}`));
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > until) reject(new Error(`${name} did not listen on ${host}:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function config({ dir, suffix, rootDn, rootPassword, tls }) {
  return [
    ...SCHEMAS.map((s) => `include /etc/ldap/schema/${s}.schema`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload memberof',
    'moduleload ppolicy',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    `TLSCACertificateFile ${tls.caFile}`,
    `TLSCertificateFile ${tls.certFile}`,
    `TLSCertificateKeyFile ${tls.keyFile}`,
    'sizelimit 500',
    'database mdb',
    `suffix "${suffix}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPassword}`,
    `directory ${join(dir, 'db')}`,
    'maxsize 104857600',
    'index objectClass,uid,mail,member eq',
    'access to attrs=userPassword by anonymous auth by self write by * none',
    'access to * by * read',
    'overlay memberof',
    'overlay ppolicy',
    '',
  ].join('\n');
}

/**
 * Starts slapd with `baseLdif` (slapadd) and then `groupsLdif` (over LDAP). Resolves to its URLs,
 * the CA, `binds(dn?)` and `stop()`.
 */
export async function startSlapd({ suffix, rootPassword = 'root-secret', baseLdif, groupsLdif = '' }) {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-slapd-'));
  mkdirSync(join(dir, 'db'));
  const rootDn = `cn=admin,${suffix}`;
  const tls = makeTestCa(dir);
  const conf = join(dir, 'slapd.conf');
  writeFileSync(conf, config({ dir, suffix, rootDn, rootPassword, tls }));
  writeFileSync(join(dir, 'base.ldif'), baseLdif);
  run(SLAPD, ['-T', 'add', '-f', conf, '-l', join(dir, 'base.ldif'), '-q']);
  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const mismatchUrl = `ldaps://127.0.0.2:${ldapsPort}`;
  const logFile = join(dir, 'slapd.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(SLAPD, ['-d', 'stats', '-f', conf, '-h', `${ldapUrl}/ ${ldapsUrl}/ ${mismatchUrl}/`], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const stop = async () => {
    await stopProcess({ child });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(ldapPort, '127.0.0.1', 10_000);
    if (groupsLdif) run('ldapadd', ['-x', '-H', ldapUrl, '-D', rootDn, '-w', rootPassword, '-c'], groupsLdif);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
  }
  return {
    pid: child.pid,
    dir,
    suffix,
    rootDn,
    rootPassword,
    ldapUrl,
    ldapsUrl,
    mismatchUrl,
    caPem: tls.caPem,
    /** BIND operations slapd received so far, for one DN (case-insensitive) or all. */
    binds(dn) {
      const log = readFileSync(logFile, 'utf8');
      const all = [...log.matchAll(/ BIND dn="([^"]*)" method=/g)].map((m) => m[1].toLowerCase());
      return dn === undefined ? all.length : all.filter((d) => d === dn.toLowerCase()).length;
    },
    log: () => readFileSync(logFile, 'utf8'),
    stop,
  };
}
