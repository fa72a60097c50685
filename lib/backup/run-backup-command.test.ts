import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setProcessVars } from '../../test/support/process-vars';
import { runBackupCommand } from './run-backup-command';

const appRoot = process.cwd();
let restoreVars: () => void;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-command-'));
  restoreVars = setProcessVars({
    GATEHOUSE_ENV_FILE: '/dev/null',
    GATEHOUSE_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: undefined,
    GATEHOUSE_ENCRYPTION_KEY: undefined,
  });
});
afterAll(() => {
  restoreVars();
  rmSync(dir, { recursive: true, force: true });
});

describe('runBackupCommand arguments', () => {
  it('prints the usage for --help', async () => {
    const result = await runBackupCommand('backup', ['--help'], { appRoot });
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatch(/^Usage:/);
  });

  it('refuses unknown options and missing or extra folders with the usage (exit 2)', async () => {
    expect(await runBackupCommand('backup', ['--force'], { appRoot })).toMatchObject({
      code: 2,
      lines: ['Unknown option "--force".', '', expect.stringMatching(/^Usage:/)],
    });
    expect((await runBackupCommand('backup', ['a', 'b'], { appRoot })).code).toBe(2);
    expect(await runBackupCommand('restore', [], { appRoot })).toMatchObject({
      code: 2,
      lines: ['restore needs exactly one backup folder.', '', expect.any(String)],
    });
    expect((await runBackupCommand('restore', ['a', 'b', '--force'], { appRoot })).code).toBe(2);
    expect((await runBackupCommand('restore', ['--yes'], { appRoot })).code).toBe(2);
  });

  it('fails with a clear message (exit 1) when there is nothing to back up or restore', async () => {
    const backup = await runBackupCommand('backup', [], { appRoot });
    expect(backup.code).toBe(1);
    expect(backup.lines.join('\n')).toMatch(/There is no secrets file at .*secrets\.json/);
    const restore = await runBackupCommand('restore', [join(dir, 'no-such-backup')], { appRoot });
    expect(restore).toEqual({ code: 1, lines: [`${join(dir, 'no-such-backup')} is not a folder. Name the backup folder (it holds manifest.json).`] });
  });
});
