/**
 * A small `pg` pool for the code that talks to PostgreSQL without Prisma on hot paths (the verify
 * endpoint's session store, the OpenID Connect provider's store). Prisma writes `timestamp without
 * time zone` columns in UTC: this pool reads them back as UTC whatever the server's or process's
 * time zone, and `utcTimestamp` writes a Date the same way. An idle client that loses its server
 * (a database restart) is dropped by the pool instead of crashing the process.
 */
import type { Pool } from 'pg';

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

export async function openRawPgPool(url: string, max = 4): Promise<Pool> {
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === TIMESTAMP_WITHOUT_TIME_ZONE
        ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 30_000, types });
  pool.on('error', () => undefined);
  return pool;
}

/** A Date as the text of a UTC `timestamp without time zone`. */
export const utcTimestamp = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');
