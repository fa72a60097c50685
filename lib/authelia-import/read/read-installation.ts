/**
 * Reads an Authelia installation — a folder on the server or uploaded files — into an
 * AutheliaInstallation: users and their hashes, TOTP and WebAuthn from the storage (decrypted),
 * settings and OIDC clients. Everything that is read stays in memory; a problem that makes the
 * result untrustworthy (wrong key, damaged database, YAML bomb) throws, so nothing is half-read.
 */
import { basename } from 'node:path';
import type { AutheliaInstallation, AutheliaInstallationInput, AutheliaStorageInfo, ReadProblem } from '../types';
import { findInFolder, readTextFile } from './folder-files';
import { YAML_MAX_BYTES } from '../../policy/yaml-size';
import { readConfiguration, type AutheliaConfiguration } from './read-configuration';
import { readError } from './read-error';
import { resolveSecrets, type ResolvedSecrets } from './read-secrets';
import { readPostgresStorage } from './read-storage-postgres';
import { MAX_SQLITE_BYTES, readSqliteStorage } from './read-storage-sqlite';
import { readUsersDatabase } from './read-users-database';
import { decodeStorageRows, type StorageRows } from './storage-rows';
import { stat } from 'node:fs/promises';

const CONFIG_NAMES = ['configuration.yml', 'configuration.yaml', 'config.yml'];

async function readStorage(
  config: AutheliaConfiguration,
  input: AutheliaInstallationInput,
  secrets: ResolvedSecrets,
  problems: ReadProblem[],
): Promise<{ info: AutheliaStorageInfo; rows: StorageRows | null }> {
  const storage = config.storage;
  if (storage.kind === 'unsupported') return { info: { kind: 'none', reason: storage.reason }, rows: null };
  if (storage.kind === 'postgres') {
    const password = secrets.storagePostgresPassword.value;
    if (password === null)
      throw readError('The PostgreSQL storage password was not found (AUTHELIA_STORAGE_POSTGRES_PASSWORD_FILE, a .secrets/STORAGE_PASSWORD file, or give it).');
    const rows = await readPostgresStorage({ ...storage, password });
    return { info: { kind: 'postgres', host: storage.host, database: storage.database, schemaVersion: rows.schemaVersion }, rows };
  }
  let source: string | Uint8Array | null;
  if (input.kind === 'folder') {
    source = await findInFolder(input.path, storage.path);
    if (source && (await stat(source)).size > MAX_SQLITE_BYTES) throw readError('The storage file is larger than 256 MiB.');
  } else {
    source = input.storageDb;
  }
  if (source === null) {
    const reason = `the storage file ${basename(storage.path)} (storage.local.path) was not ${input.kind === 'folder' ? 'found in the folder' : 'uploaded'}`;
    problems.push({ where: 'storage', message: `${reason}: authenticator apps and security keys are not imported` });
    return { info: { kind: 'none', reason }, rows: null };
  }
  const rows = readSqliteStorage(source);
  return { info: { kind: 'sqlite', path: basename(storage.path), schemaVersion: rows.schemaVersion }, rows };
}

export async function readAutheliaInstallation(input: AutheliaInstallationInput): Promise<AutheliaInstallation> {
  let configText: string;
  let usersText: string | null = null;
  let usersFileName = 'users_database.yml';
  if (input.kind === 'folder') {
    const configPath = await firstFound(input.path, CONFIG_NAMES);
    if (!configPath) throw readError(`No configuration.yml in ${input.path}.`);
    configText = await readTextFile(configPath, YAML_MAX_BYTES, 'configuration.yml');
  } else {
    configText = input.configuration;
    usersText = input.usersDatabase;
  }
  const config = readConfiguration(configText);
  const problems: ReadProblem[] = [...config.problems];

  if (input.kind === 'folder' && config.usersFile) {
    usersFileName = basename(config.usersFile);
    const usersPath = await findInFolder(input.path, usersFileName);
    usersText = usersPath ? await readTextFile(usersPath, YAML_MAX_BYTES, usersFileName) : null;
  }
  const users = usersText === null ? { users: [], problems: [] } : readUsersDatabase(usersText, usersFileName);
  if (usersText === null && config.usersFile)
    problems.push({ where: usersFileName, message: `${usersFileName} (authentication_backend.file.path) was not found: no users are imported` });
  problems.push(...users.problems);

  const postgresPassword = config.storage.kind === 'postgres' ? config.storage.password : null;
  const secrets = await resolveSecrets({
    folder: input.kind === 'folder' ? input.path : null,
    given: input.secrets,
    fileVariables: input.kind === 'folder' ? input.fileVariables : undefined,
    inline: { ...config.inline, storagePostgresPassword: postgresPassword },
  });
  const storage = await readStorage(config, input, secrets, problems);
  const factors = storage.rows ? decodeStorageRows(storage.rows, secrets.storageEncryptionKey.value ?? '') : { totp: [], webauthn: [] };
  const smtp = config.settings.smtp && { ...config.settings.smtp, password: secrets.smtpPassword.value };

  return {
    source: input.kind === 'folder' ? { kind: 'folder', path: input.path } : { kind: 'upload' },
    users: users.users,
    totp: factors.totp,
    webauthn: factors.webauthn,
    oidcClients: config.oidcClients,
    settings: { ...config.settings, smtp },
    storage: storage.info,
    problems,
  };
}

async function firstFound(folder: string, names: string[]): Promise<string | null> {
  for (const name of names) {
    const found = await findInFolder(folder, name);
    if (found) return found;
  }
  return null;
}
