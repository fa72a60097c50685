/**
 * The secrets an import needs: the storage encryption key, the PostgreSQL storage password and
 * the SMTP password. In order: the admin's value; the file the container's `*_FILE` variable
 * names; a file with Authelia's documented name (STORAGE_ENCRYPTION_KEY, STORAGE_PASSWORD,
 * SMTP_PASSWORD: docs/content/integration/deployment/docker.md) in .secrets/ or secrets/; the
 * value written in configuration.yml.
 */
import type { AutheliaSecretsInput } from '../types';
import { findInFolder, readSecretFile, SECRET_DIRS } from './folder-files';

type SecretName = keyof AutheliaSecretsInput;
const SOURCES: Record<SecretName, { variable: string; file: string }> = {
  storageEncryptionKey: { variable: 'AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE', file: 'STORAGE_ENCRYPTION_KEY' },
  storagePostgresPassword: { variable: 'AUTHELIA_STORAGE_POSTGRES_PASSWORD_FILE', file: 'STORAGE_PASSWORD' },
  smtpPassword: { variable: 'AUTHELIA_NOTIFIER_SMTP_PASSWORD_FILE', file: 'SMTP_PASSWORD' },
};

export type ResolvedSecrets = { [K in SecretName]: { value: string | null; from: string } };

export async function resolveSecrets(input: {
  folder: string | null;
  given: AutheliaSecretsInput | undefined;
  fileVariables: Record<string, string> | undefined;
  inline: { storageEncryptionKey: string | null; storagePostgresPassword: string | null; smtpPassword: string | null };
}): Promise<ResolvedSecrets> {
  const resolved = {} as ResolvedSecrets;
  for (const name of Object.keys(SOURCES) as SecretName[]) {
    const { variable, file } = SOURCES[name];
    const given = input.given?.[name];
    if (given) {
      resolved[name] = { value: given, from: 'given by the admin' };
      continue;
    }
    const named = input.fileVariables?.[variable];
    const path = input.folder ? await findInFolder(input.folder, named ?? file, SECRET_DIRS) : null;
    if (path) {
      resolved[name] = { value: await readSecretFile(path, `The secret file for ${variable}`), from: named ? `${variable} (${file})` : `the file ${file}` };
    } else {
      const inline = input.inline[name];
      resolved[name] = inline
        ? { value: inline, from: 'configuration.yml' }
        : { value: null, from: named ? `${variable}: not found in the folder` : 'not found' };
    }
  }
  return resolved;
}
