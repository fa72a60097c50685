// Installs the Debian packages the test suite needs when they are missing (as root only;
// otherwise explains what to install). apt-get update runs at most once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { log } from './prepare.mjs';

const PACKAGES = {
  chromium: () => existsSync('/usr/bin/chromium'),
  nginx: () => existsSync('/usr/sbin/nginx'),
  caddy: () => existsSync('/usr/bin/caddy'),
  postgresql: () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
  wrk: () => existsSync('/usr/bin/wrk'),
  // Apache httpd with mod_auth_openidc: the OpenID Connect relying party of e2e/specs/oidc-apache.spec.ts.
  apache2: () => existsSync('/usr/sbin/apache2'),
  'libapache2-mod-auth-openidc': () => existsSync('/usr/lib/apache2/modules/mod_auth_openidc.so'),
  // OpenLDAP: the directory of lib/directory's tests and `npm run bench:ldap` (scripts/lib/slapd.mjs).
  slapd: () => existsSync('/usr/sbin/slapd'),
  'ldap-utils': () => existsSync('/usr/bin/ldapadd'),
  // Samba's Active Directory domain controller (samba, its directory modules and the AD schema to
  // provision a domain): lib/directory's Active Directory tests (scripts/lib/samba-ad.mjs). The
  // samba-ad-dc metapackage too (VFS modules, winbind): the tests ran on a machine with it.
  samba: () => existsSync('/usr/sbin/samba'),
  'samba-ad-dc': () => existsSync('/usr/share/doc/samba-ad-dc'),
  'samba-dsdb-modules': () => readdirSync('/usr/lib').some((dir) => existsSync(`/usr/lib/${dir}/samba/ldb/acl.so`)),
  'samba-ad-provision': () => existsSync('/usr/share/samba/setup/ad-schema'),
  // Independent tools that make the Authelia import fixtures (test/support/authelia): password hashes
  // (argon2, mkpasswd from whois, passlib), TOTP codes (oathtool) and Authelia-style encryption.
  argon2: () => existsSync('/usr/bin/argon2'),
  whois: () => existsSync('/usr/bin/mkpasswd'),
  'python3-passlib': () => existsSync('/usr/lib/python3/dist-packages/passlib'),
  'python3-cryptography': () => existsSync('/usr/lib/python3/dist-packages/cryptography'),
  oathtool: () => existsSync('/usr/bin/oathtool'),
};

export function ensureDebianPackages(names = Object.keys(PACKAGES)) {
  const missing = names.filter((name) => !PACKAGES[name]());
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them (sudo apt-get install -y ${missing.join(' ')}) or run the tests as root.`);
  }
  log(`installing Debian packages: ${missing.join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) throw new Error('apt-get update failed');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (install.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
  const still = missing.filter((name) => !PACKAGES[name]());
  if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
}
