import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPostgresTool, postgresConnection } from './postgres-tools';

describe('postgresConnection', () => {
  it('takes the password out of the URL (it goes to PGPASSWORD, not the command line)', () => {
    expect(postgresConnection('postgresql://gh:s%40cret@db.lan:5433/gatehouse')).toEqual({ url: 'postgresql://gh@db.lan:5433/gatehouse', password: 's@cret' });
  });

  it('keeps libpq parameters and drops what only Prisma understands', () => {
    const { url, password } = postgresConnection('postgresql://gh@db.lan/gatehouse?sslmode=require&schema=public&connection_limit=5&password=p');
    expect(url).toBe('postgresql://gh@db.lan/gatehouse?sslmode=require');
    expect(password).toBe('p');
  });

  it('has no password when the URL has none', () => {
    expect(postgresConnection('postgresql://gh@localhost/gatehouse')).toEqual({ url: 'postgresql://gh@localhost/gatehouse', password: null });
  });
});

describe('findPostgresTool', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'gatehouse-pgbin-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  function install(version: string, tool: string) {
    mkdirSync(join(base, version, 'bin'), { recursive: true });
    writeFileSync(join(base, version, 'bin', tool), '');
  }

  it('takes the newest version that has the tool', () => {
    install('9', 'pg_dump');
    install('16', 'pg_dump');
    install('17', 'pg_restore');
    expect(findPostgresTool('pg_dump', base)).toBe(join(base, '16', 'bin', 'pg_dump'));
    expect(findPostgresTool('pg_restore', base)).toBe(join(base, '17', 'bin', 'pg_restore'));
  });

  it('says which Debian package to install when the tool is nowhere', () => {
    install('16', 'pg_restore');
    expect(() => findPostgresTool('pg_dump', base, [join(base, 'bin')])).toThrow(
      /pg_dump is not installed\. On Debian or Ubuntu install the package postgresql-client/,
    );
  });
});
