/**
 * Three built Gatehouse processes on one throwaway PostgreSQL server behind a real nginx upstream
 * (round robin), for the multi-instance tests: the server (scripts/lib/services.mjs, so a test can
 * pause or stop it), migrated; the three sharing one data folder (the secrets file), as instances
 * of one portal must, started one after another with one configuration that this process uses
 * too (useTestEnv); nginx in front, saying which instance answered in an X-Upstream header.
 * A test adds its own variables (`vars`) and its own rows (`seed`, before the instances start).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb, type Db } from '../../lib/db';
import { migrate } from '../../lib/db/migrate';
import { freeLoopbackPort } from './free-port';
import { startGatehouse, type GatehouseProcess } from './gatehouse-process';
import { loadProxies, type TProcess } from './proxies';
import { useTestEnv, type TestEnv } from './test-env';

/** scripts/lib/services.mjs's throwaway server: `pause` and `resume` stop and start it in place. */
export type Postgres = { url: string; pause(): void; resume(): void; stop(): Promise<void> };

export const POSTGRES_MIGRATIONS = join(process.cwd(), 'prisma/migrations/postgresql');

export type InstancesOptions = {
  /** Variables added to (or replacing) the common ones, knowing nginx's origin. */
  vars?: (origin: string) => Record<string, string> | Promise<Record<string, string>>;
  /** Runs once the database is migrated and the configuration set, before the instances start. */
  seed?: (ready: { db: Db; testEnv: TestEnv; origin: string }) => Promise<void>;
};

export type Instances = {
  postgres: Postgres;
  /** This process's client of the shared database. */
  db: Db;
  testEnv: TestEnv;
  /** The three instances' one data folder. */
  dataDir: string;
  /** The hex GATEHOUSE_ENCRYPTION_KEY the three share. */
  encryptionKey: string;
  instances: GatehouseProcess[];
  nginxPort: number;
  /** http://localhost:<nginx port>: the portal as a browser sees it. */
  origin: string;
  /** Stops nginx, the instances and the server, and removes what they wrote. */
  stop(): Promise<void>;
};

async function startPostgres(): Promise<Postgres> {
  const services = (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/services.mjs')).href)) as {
    startPostgres(): Promise<Postgres>;
  };
  return services.startPostgres();
}

/**
 * Starts the whole set; what it started is stopped again when a step fails. The common variables:
 * DATABASE_URL, a random GATEHOUSE_ENCRYPTION_KEY and GATEHOUSE_VERIFY_CACHE_TTL=60s (so that
 * only the announcements between instances can make a change visible within a second).
 */
export async function startInstances(options: InstancesOptions = {}): Promise<Instances> {
  const instances: GatehouseProcess[] = [];
  let postgres: Postgres | undefined;
  let db: Db | undefined;
  let testEnv: TestEnv | undefined;
  let dataDir: string | undefined;
  let nginx: TProcess | undefined;
  const stop = async () => {
    await nginx?.stop();
    await Promise.allSettled(instances.map((i) => i.stop()));
    await db?.$disconnect();
    await postgres?.stop();
    testEnv?.restore();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    postgres = await startPostgres();
    await migrate({ dialect: 'postgresql', target: postgres.url, migrationsDir: POSTGRES_MIGRATIONS });
    db = createDb({ dialect: 'postgresql', url: postgres.url });
    const nginxPort = await freeLoopbackPort();
    const origin = `http://localhost:${nginxPort}`;
    const encryptionKey = randomBytes(32).toString('hex');
    const vars = {
      DATABASE_URL: postgres.url,
      GATEHOUSE_ENCRYPTION_KEY: encryptionKey,
      GATEHOUSE_VERIFY_CACHE_TTL: '60s',
      ...(await options.vars?.(origin)),
    };
    testEnv = useTestEnv(vars);
    await options.seed?.({ db, testEnv, origin });

    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-instances-'));
    for (let i = 0; i < 3; i++) instances.push(await startGatehouse({ dataDir, env: vars }));
    nginx = await (await loadProxies()).startNginx({
      serverConfig: [
        `upstream gatehouse { ${instances.map((i) => `server 127.0.0.1:${i.port};`).join(' ')} keepalive 8; }`,
        'server {',
        `  listen 127.0.0.1:${nginxPort};`,
        '  location / {',
        '    proxy_pass http://gatehouse;',
        '    proxy_http_version 1.1;',
        '    proxy_set_header Connection "";',
        '    proxy_set_header Host $http_host;',
        '    proxy_set_header X-Forwarded-For $remote_addr;',
        '    proxy_set_header X-Forwarded-Proto $scheme;',
        '    add_header X-Upstream $upstream_addr always;',
        '  }',
        '}',
      ].join('\n'),
    });
    return { postgres, db, testEnv, dataDir, encryptionKey, instances, nginxPort, origin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
