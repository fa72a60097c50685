/**
 * Builds an Authelia installation folder in a temp dir, as the family of issue 17 has it:
 * configuration.yml, users_database.yml (hashes from Debian's tools: hash-tools.ts), a .secrets
 * folder (STORAGE_ENCRYPTION_KEY, SMTP_PASSWORD, JWT_SECRET, SESSION_SECRET) and authelia.db — the
 * tables of an Authelia 4.39 storage (schema-sqlite.sql) with TOTP secrets and WebAuthn public keys
 * encrypted by authelia_encrypt.py, which follows Authelia's source. Or, with `postgres`, the same
 * tables in a PostgreSQL database. Nothing here uses Gatehouse's own code.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { stringify } from 'yaml';
import { type HashScheme, makeHashes, runPython } from './hash-tools';

export type FixtureUser = {
  username: string;
  password: string;
  /** How the hash is made, or a hash string written as it is. */
  scheme: HashScheme | { raw: string };
  displayName?: string;
  email?: string;
  groups?: string[];
  disabled?: boolean;
};
export type FixtureTotp = { username: string; secret: string; algorithm?: 'SHA1' | 'SHA256' | 'SHA512'; digits?: 6 | 8; period?: number; issuer?: string };
export type FixtureWebAuthn = {
  username: string;
  description: string;
  rpId: string;
  credentialId: Uint8Array;
  /** Authelia's webauthn_users.userid for (rpId, username): the credential's user handle is its bytes. */
  userId: string;
  /** COSE public key bytes. */
  publicKey: Uint8Array;
  signCount?: number;
  aaguid?: string;
  transports?: string[];
  discoverable?: boolean;
  backupEligible?: boolean;
  backupState?: boolean;
};
export type AutheliaFixtureOptions = {
  users?: FixtureUser[];
  totp?: FixtureTotp[];
  webauthn?: FixtureWebAuthn[];
  encryptionKey?: string;
  /** 24 = Authelia 4.39 (SHA-256 key, no AAD); 25/26 = HKDF key with AAD (later Authelia). */
  schemaVersion?: number;
  /** A PostgreSQL server URL (a database is created there for the storage); default SQLite authelia.db. */
  postgresServerUrl?: string;
  /** Changes the configuration before it is written (the object is Authelia's configuration.yml). */
  configure?: (config: Record<string, unknown>) => void;
  /** Where the encryption key goes: the .secrets file (default) or inline in configuration.yml. */
  keyIn?: 'secrets' | 'configuration';
};
export type AutheliaFixture = {
  dir: string;
  encryptionKey: string;
  smtpPassword: string;
  storageDb: string | null;
  postgresUrl: string | null;
  cleanup(): Promise<void>;
};

const HERE = join(process.cwd(), 'test', 'support', 'authelia');

/** The Paperless OIDC client's secret; configuration.yml holds its pbkdf2-sha512 digest (made by passlib). */
export const OIDC_CLIENT_SECRET = 'paperless-client-secret-from-authelia';

function baseConfiguration(storage: Record<string, unknown>, clientSecretDigest: string): Record<string, unknown> {
  return {
    theme: 'light',
    authentication_backend: { file: { path: '/config/users_database.yml', password: { algorithm: 'argon2' } } },
    session: {
      cookies: [{ domain: 'family.example', authelia_url: 'https://auth.family.example', expiration: '1 day', inactivity: '2h', remember_me: '1M' }],
    },
    regulation: { max_retries: 4, find_time: '3m', ban_time: '15m' },
    totp: { issuer: 'Family Auth', algorithm: 'SHA1', digits: 6, period: 30 },
    webauthn: { display_name: 'Family Auth' },
    storage,
    notifier: { smtp: { address: 'submission://mail.family.example:587', username: 'auth@family.example', sender: 'Family Auth <auth@family.example>' } },
    access_control: {
      default_policy: 'deny',
      rules: [
        { domain: 'paperless.family.example', policy: 'two_factor', subject: ['group:family'] },
        { domain: 'public.family.example', policy: 'bypass' },
      ],
    },
    identity_providers: {
      oidc: {
        clients: [
          {
            client_id: 'paperless',
            client_name: 'Paperless',
            client_secret: clientSecretDigest,
            public: false,
            authorization_policy: 'two_factor',
            redirect_uris: ['https://paperless.family.example/accounts/oidc/authelia/login/callback/'],
            scopes: ['openid', 'profile', 'email', 'groups'],
            consent_mode: 'implicit',
          },
        ],
      },
    },
  };
}

type Encrypted = { table: string; column: string; row: string; issuer?: string; plaintext: string };

function encryptAll(key: string, schemaVersion: number, values: Encrypted[]): Buffer[] {
  if (values.length === 0) return [];
  return runPython<string[]>('authelia_encrypt.py', { encryptionKey: key, schemaVersion, values }).map((b64) => Buffer.from(b64, 'base64'));
}

type StorageRow = { table: 'migrations' | 'encryption' | 'totp_configurations' | 'webauthn_credentials' | 'webauthn_users'; values: Record<string, unknown> };

function storageRows(options: AutheliaFixtureOptions, key: string, schemaVersion: number): StorageRow[] {
  const totp = options.totp ?? [];
  const webauthn = options.webauthn ?? [];
  const kid = (w: FixtureWebAuthn) => Buffer.from(w.credentialId).toString('base64');
  const sealed = encryptAll(key, schemaVersion, [
    { table: 'encryption', column: 'value', row: 'check', plaintext: Buffer.from('8c5b6a7e-5e7f-4b1c-9d6e-2f3a4b5c6d7e').toString('base64') },
    ...totp.map((t) => ({ table: 'totp_configurations', column: 'secret', row: t.username, plaintext: Buffer.from(t.secret).toString('base64') })),
    ...webauthn.map((w) => ({
      table: 'webauthn_credentials',
      column: 'public_key',
      row: kid(w),
      issuer: w.rpId,
      plaintext: Buffer.from(w.publicKey).toString('base64'),
    })),
  ]);
  const rows: StorageRow[] = [];
  // Authelia records each migration it ran (internal/storage/migrations.go); the import reads the last version_after.
  for (let version = 1; version <= schemaVersion; version++) {
    rows.push({ table: 'migrations', values: { version_before: version - 1, version_after: version, application_version: 'v4.39.20' } });
  }
  rows.push({ table: 'encryption', values: { name: 'check', value: sealed[0] } });
  rows.push(
    ...totp.map(
      (t, i): StorageRow => ({
        table: 'totp_configurations',
        values: {
          username: t.username,
          issuer: t.issuer ?? 'Family Auth',
          algorithm: t.algorithm ?? 'SHA1',
          digits: t.digits ?? 6,
          period: t.period ?? 30,
          secret: sealed[1 + i],
        },
      }),
    ),
  );
  rows.push(
    ...webauthn.map(
      (w, i): StorageRow => ({
        table: 'webauthn_credentials',
        values: {
          rpid: w.rpId,
          username: w.username,
          description: w.description,
          kid: kid(w),
          aaguid: w.aaguid ?? '00000000-0000-0000-0000-000000000000',
          attestation_format: 'none',
          attachment: 'cross-platform',
          transport: (w.transports ?? ['usb']).join(','),
          sign_count: w.signCount ?? 0,
          discoverable: w.discoverable ?? false,
          backup_eligible: w.backupEligible ?? false,
          backup_state: w.backupState ?? false,
          public_key: sealed[1 + totp.length + i],
        },
      }),
    ),
  );
  // One webauthn_users row per (rpid, username), as Authelia's handlers/webauthn.go makes it.
  const users = new Map(webauthn.map((w) => [`${w.rpId}\n${w.username}`, w]));
  for (const w of users.values()) rows.push({ table: 'webauthn_users', values: { rpid: w.rpId, username: w.username, userid: w.userId } });
  return rows;
}

function writeSqlite(path: string, rows: StorageRow[]): void {
  const db = new Database(path);
  db.exec(readFileSync(join(HERE, 'schema-sqlite.sql'), 'utf8'));
  for (const row of rows) {
    const columns = Object.keys(row.values);
    const values = Object.values(row.values).map((v) => (typeof v === 'boolean' ? Number(v) : v));
    db.prepare(`INSERT INTO ${row.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
  }
  db.close();
}

async function writePostgres(serverUrl: string, rows: StorageRow[]): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `authelia_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(readFileSync(join(HERE, 'schema-postgres.sql'), 'utf8'));
  for (const row of rows) {
    const columns = Object.keys(row.values);
    await client.query(`INSERT INTO ${row.table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row.values));
  }
  await client.end();
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

export async function buildAutheliaFolder(options: AutheliaFixtureOptions = {}): Promise<AutheliaFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'authelia-fixture-'));
  const encryptionKey = options.encryptionKey ?? randomBytes(32).toString('hex');
  const smtpPassword = `smtp-${randomBytes(9).toString('hex')}`;
  const schemaVersion = options.schemaVersion ?? 24;
  const rows = storageRows(options, encryptionKey, schemaVersion);

  let postgres: { url: string; drop(): Promise<void> } | null = null;
  let storage: Record<string, unknown>;
  if (options.postgresServerUrl) {
    postgres = await writePostgres(options.postgresServerUrl, rows);
    const url = new URL(postgres.url);
    storage = { postgres: { address: `tcp://${url.hostname}:${url.port}`, database: url.pathname.slice(1), username: decodeURIComponent(url.username) } };
    mkdirSync(join(dir, '.secrets'), { recursive: true });
    writeFileSync(join(dir, '.secrets', 'STORAGE_PASSWORD'), `${decodeURIComponent(url.password)}\n`, { mode: 0o600 });
  } else {
    writeSqlite(join(dir, 'authelia.db'), rows);
    storage = { local: { path: '/config/authelia.db' } };
  }
  if (options.keyIn === 'configuration') storage.encryption_key = encryptionKey;

  const users = options.users ?? [];
  const [clientSecretDigest, ...hashes] = makeHashes([
    { scheme: 'pbkdf2-sha512', password: OIDC_CLIENT_SECRET },
    ...users.flatMap((u) => (typeof u.scheme === 'string' ? [{ scheme: u.scheme, password: u.password }] : [])),
  ]);
  const config = baseConfiguration(storage, clientSecretDigest!);
  options.configure?.(config);
  writeFileSync(join(dir, 'configuration.yml'), stringify(config));

  let next = 0;
  const usersFile: Record<string, unknown> = {};
  for (const user of users) {
    usersFile[user.username] = {
      disabled: user.disabled ?? false,
      displayname: user.displayName ?? user.username,
      password: typeof user.scheme === 'string' ? hashes[next++] : user.scheme.raw,
      ...(user.email !== undefined && { email: user.email }),
      groups: user.groups ?? [],
    };
  }
  writeFileSync(join(dir, 'users_database.yml'), stringify({ users: usersFile }));

  mkdirSync(join(dir, '.secrets'), { recursive: true });
  if (options.keyIn !== 'configuration') writeFileSync(join(dir, '.secrets', 'STORAGE_ENCRYPTION_KEY'), `${encryptionKey}\n`, { mode: 0o600 });
  writeFileSync(join(dir, '.secrets', 'SMTP_PASSWORD'), `${smtpPassword}\n`, { mode: 0o600 });
  writeFileSync(join(dir, '.secrets', 'JWT_SECRET'), randomBytes(32).toString('hex'), { mode: 0o600 });
  writeFileSync(join(dir, '.secrets', 'SESSION_SECRET'), randomBytes(32).toString('hex'), { mode: 0o600 });

  return {
    dir,
    encryptionKey,
    smtpPassword,
    storageDb: postgres ? null : join(dir, 'authelia.db'),
    postgresUrl: postgres?.url ?? null,
    async cleanup() {
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
