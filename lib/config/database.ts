/** Where the data lives: the data directory and the database (SQLite file or PostgreSQL URL). */
import { isAbsolute, resolve } from 'node:path';

export type Dialect = 'sqlite' | 'postgresql';

export type DatabaseConfig = { url: string; dialect: Dialect; sqlitePath: string | undefined };

export type DatabaseEnv = { dataDir: string; database: DatabaseConfig };

/**
 * What backup and restore need, read without loading (or creating) the secrets file: where the
 * data lives, and whether the encryption key comes from GATEHOUSE_ENCRYPTION_KEY instead of the file.
 */
export type StorageEnv = DatabaseEnv & { secretsFile: string; encryptionKeyFromEnvironment: boolean };

export function dataDirOf(text: string, cwd: string): string {
  return isAbsolute(text) ? text : resolve(cwd, text);
}

export function parseDatabaseUrl(text: string, cwd: string, problems: string[]): DatabaseConfig | null {
  if (text.startsWith('file:')) {
    const path = text.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path || path.includes('?')) {
      problems.push(`DATABASE_URL for SQLite must look like file:./data/gatehouse.db (got "${text}")`);
      return null;
    }
    const sqlitePath = isAbsolute(path) ? path : resolve(cwd, path);
    return { url: `file:${sqlitePath}`, dialect: 'sqlite', sqlitePath };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      const parsed = new URL(text);
      if (!parsed.hostname || parsed.pathname.length < 2) throw new Error('missing host or database');
    } catch {
      problems.push('DATABASE_URL must look like postgresql://user:password@host:5432/database');
      return null;
    }
    return { url: text, dialect: 'postgresql', sqlitePath: undefined };
  }
  problems.push('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  return null;
}
