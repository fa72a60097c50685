import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discardStaged, STAGING_TTL_MS, stagedDirOf, stagedInput, stageImport } from './staging';

const files = { configuration: 'server:\n  address: tcp://:9091\n', usersDatabase: 'users: {}\n', storageDb: new Uint8Array([83, 81, 76, 105, 116, 101]) };

describe('staging an uploaded Authelia installation', () => {
  it('keeps the files in a folder of their own (0700, files 0600) and removes it when discarded', async () => {
    const id = await stageImport('admin-1', { kind: 'upload', files }, { storageEncryptionKey: 'k'.repeat(64) });
    const dir = stagedDirOf(id)!;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of ['configuration.yml', 'users_database.yml', 'authelia.db']) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    const input = await stagedInput(id, 'admin-1');
    expect(input).toEqual({ kind: 'upload', ...files, secrets: { storageEncryptionKey: 'k'.repeat(64) } });
    await discardStaged(id);
    expect(existsSync(dir)).toBe(false);
    await expect(stagedInput(id, 'admin-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("is bound to the admin who staged it, expires, and an admin's new dry run replaces their previous one", async () => {
    const now = Date.now();
    const first = await stageImport('admin-2', { kind: 'upload', files: { ...files, usersDatabase: null, storageDb: null } }, {}, now);
    await expect(stagedInput(first, 'admin-3', now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stagedInput(first, 'admin-2', now)).toMatchObject({ usersDatabase: null, storageDb: null });
    const dir = stagedDirOf(first)!;
    const second = await stageImport('admin-2', { kind: 'folder', path: '/srv/authelia' }, {}, now);
    expect(existsSync(dir)).toBe(false);
    await expect(stagedInput(first, 'admin-2', now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await stagedInput(second, 'admin-2', now)).toEqual({ kind: 'folder', path: '/srv/authelia', secrets: {} });
    await expect(stagedInput(second, 'admin-2', now + STAGING_TTL_MS)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
