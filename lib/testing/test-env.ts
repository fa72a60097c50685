/**
 * Runs code under a given Gatehouse configuration: sets the variables, forgets the parsed
 * configuration, and restores both afterwards. Data lives in a fresh temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getEnv, resetEnvForTests, type Env } from '../config';

export type TestEnv = { env: Env; dataDir: string; restore(): void };

export function useTestEnv(vars: Record<string, string | undefined>): TestEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-env-'));
  const all: Record<string, string | undefined> = {
    GATEHOUSE_ENV_FILE: '/dev/null',
    GATEHOUSE_DATA_DIR: dataDir,
    NODE_ENV: 'test',
    ...vars,
  };
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(all)) {
    saved[key] = process.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
  const env = getEnv();
  return {
    env,
    dataDir,
    restore() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      resetEnvForTests();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
