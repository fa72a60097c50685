/**
 * Reads the configuration of this process: environment variables, an optional `gatehouse.env`
 * or `.env` file, and the values an admin stored in the portal (a lower layer, given by
 * lib/settings through applyStoredVariables; see layers.ts). This is the only module that reads
 * `process.env`.
 *
 * Every problem is collected and reported together, so a bad deployment fails at start with
 * one readable message instead of one error per restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv as parseDotenv } from 'node:util';
import { dataDirOf, parseDatabaseUrl, type StorageEnv } from './database';
import { ConfigError } from './errors';
import { withoutBlanks } from './fields';
import { type ConfigLayers, mergeLayers, sourcesOf, type StorableVariable, type StoredVariables, storedOnly, type VariableSource } from './layers';
import { parseEnv, type Env } from './parse-env';
import { loadSecrets } from './secrets';
import { ZRawEnv } from './variables';

/** Reads `GATEHOUSE_ENV_FILE`, else `gatehouse.env`, else `.env` from the working directory. */
function readEnvFile(cwd: string, explicit: string | undefined): Record<string, string> {
  const candidates = explicit ? [resolve(cwd, explicit)] : [resolve(cwd, 'gatehouse.env'), resolve(cwd, '.env')];
  for (const file of candidates) {
    if (existsSync(file)) return parseDotenv(readFileSync(file, 'utf8')) as Record<string, string>;
    if (explicit) throw new ConfigError([`GATEHOUSE_ENV_FILE points at ${file}, which does not exist`]);
  }
  return {};
}

const CACHE = Symbol.for('gatehouse.env');
const STORED = Symbol.for('gatehouse.env.stored');
type EnvCache = { [CACHE]?: Env; [STORED]?: StoredVariables };

function layersWith(stored: StoredVariables): ConfigLayers {
  return { environment: { ...process.env }, file: readEnvFile(process.cwd(), process.env.GATEHOUSE_ENV_FILE), stored };
}

type Parsed = { ok: true; env: Env } | { ok: false; problems: string[] };

function parseLayers(layers: ConfigLayers, previous: Env | undefined): Parsed {
  // The secrets live in the data folder, which no stored value moves: a re-parse keeps the loaded ones.
  return parseEnv(mergeLayers(layers), {
    cwd: process.cwd(),
    secrets: (dataDir, key) => (previous && previous.dataDir === dataDir ? previous.secrets : loadSecrets(dataDir, key)),
  });
}

/**
 * The configuration of this process, parsed on first use and shared through globalThis so the
 * custom server and Next's own bundles see one object. Throws ConfigError listing every problem.
 */
export function getEnv(): Env {
  const cache = globalThis as EnvCache;
  const cached = cache[CACHE];
  if (cached) return cached;
  const result = parseLayers(layersWith(cache[STORED] ?? {}), undefined);
  if (!result.ok) throw new ConfigError(result.problems);
  cache[CACHE] = result.env;
  return result.env;
}

/**
 * Where the data lives, for `npm run backup` and `npm run restore`: only the data folder, the
 * database and whether GATEHOUSE_ENCRYPTION_KEY is set are read, and the secrets file is neither
 * loaded nor created (a restore brings it). Throws ConfigError listing every problem.
 */
export function getStorageEnv(): StorageEnv {
  const vars = withoutBlanks(mergeLayers(layersWith({})));
  const parsed = ZRawEnv.pick({ GATEHOUSE_DATA_DIR: true, DATABASE_URL: true, GATEHOUSE_ENCRYPTION_KEY: true }).safeParse(vars);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const problems: string[] = [];
  const dataDir = dataDirOf(parsed.data.GATEHOUSE_DATA_DIR, process.cwd());
  const database = parseDatabaseUrl(parsed.data.DATABASE_URL ?? `file:${resolve(dataDir, 'gatehouse.db')}`, process.cwd(), problems);
  if (!database) throw new ConfigError(problems);
  return { dataDir, database, secretsFile: join(dataDir, 'secrets.json'), encryptionKeyFromEnvironment: parsed.data.GATEHOUSE_ENCRYPTION_KEY !== undefined };
}

/** What the configuration would be with these stored values, without applying it. */
export function previewStoredVariables(stored: Record<string, string | undefined>): Parsed {
  return parseLayers(layersWith(storedOnly(stored)), (globalThis as EnvCache)[CACHE]);
}

/**
 * Replaces the stored layer, only if the whole configuration with it is valid: then the cached
 * configuration is swapped in one assignment (every later getEnv() sees all new values, none
 * half). Otherwise nothing changes and the problems are returned, in parseEnv's words.
 */
export function applyStoredVariables(stored: Record<string, string | undefined>): Parsed {
  const layer = storedOnly(stored);
  const result = parseLayers(layersWith(layer), (globalThis as EnvCache)[CACHE]);
  if (!result.ok) return result;
  const cache = globalThis as EnvCache;
  cache[STORED] = layer;
  cache[CACHE] = result.env;
  return result;
}

/** Which layer each storable variable comes from now (the admin settings page shows environment/file values as fixed). */
export function storableSources(): Record<StorableVariable, VariableSource> {
  return sourcesOf(layersWith((globalThis as EnvCache)[STORED] ?? {}));
}

/** Tests only: forget the parsed configuration and the stored layer so the next getEnv() reads them again. */
export function resetEnvForTests(): void {
  delete (globalThis as EnvCache)[CACHE];
  delete (globalThis as EnvCache)[STORED];
}
