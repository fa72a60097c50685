import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AutheliaFixture, buildAutheliaFolder } from '../../../test/support/authelia/authelia-folder';
import { SERVER_BUNDLE, serverEnv } from '../../../test/support/gatehouse-process';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The built server's `import-authelia` command, as `npm run import:authelia` runs it (scripts/start.mjs → dist/server.mjs). */
describe('the import-authelia command of the built server', () => {
  let fixture: AutheliaFixture;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-import-cli-'));
    fixture = await buildAutheliaFolder({
      users: [{ username: 'anna', password: 'anna old password', scheme: 'argon2id', email: 'anna@family.example', groups: ['family'] }],
      totp: [{ username: 'anna', secret: SECRET }],
    });
  });
  afterAll(async () => {
    await fixture?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [SERVER_BUNDLE, 'import-authelia', ...args], {
      env: serverEnv(dataDir, 9091, { GATEHOUSE_URL: 'http://localhost:9091' }),
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the dry run, imports with --apply, and exits 1 with a clear message on a wrong key', () => {
    const dry = run(fixture.dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/create\s+anna/);
    expect(dry.stdout).toMatch(/Dry run: nothing was changed/);
    expect(dry.stdout + dry.stderr).not.toContain(SECRET);

    const applied = run(fixture.dir, '--apply');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/Imported/);
    expect(run(fixture.dir, '--apply').stdout).toMatch(/Nothing to change/);

    const wrong = run(fixture.dir, '--file-var', 'AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE=/secrets/JWT_SECRET');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/storage encryption key does not decrypt this database/);
    expect(run('--on-conflict', 'merge', fixture.dir).status).toBe(2);
  });
});
