/**
 * Reads the configuration of this process: environment variables plus an optional
 * `gatehouse.env` or `.env` file. This is the only module that reads `process.env`.
 *
 * Every problem is collected and reported together, so a bad deployment fails at start with
 * one readable message instead of one error per restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv as parseDotenv } from 'node:util';
import { ConfigError } from './errors';
import { parseEnv, type Env } from './parse-env';

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
type EnvCache = { [CACHE]?: Env };

/**
 * The configuration of this process, parsed on first use and shared through globalThis so the
 * custom server and Next's own bundles see one object. Throws ConfigError listing every problem.
 */
export function getEnv(): Env {
  const cache = globalThis as EnvCache;
  const cached = cache[CACHE];
  if (cached) return cached;
  const cwd = process.cwd();
  // Variables set in the real environment win over the file.
  const vars = { ...readEnvFile(cwd, process.env.GATEHOUSE_ENV_FILE), ...process.env };
  const result = parseEnv(vars, { cwd });
  if (!result.ok) throw new ConfigError(result.problems);
  cache[CACHE] = result.env;
  return result.env;
}

/** Tests only: forget the parsed configuration so the next getEnv() reads it again. */
export function resetEnvForTests(): void {
  delete (globalThis as EnvCache)[CACHE];
}
