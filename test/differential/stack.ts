/**
 * The world the differential harness attacks: the built Gatehouse server (dist/server.mjs) with
 * real rules, sessions and a Paperless device token in its SQLite database; a recording relay in
 * front of it; a recording upstream app; and nginx and Caddy running the generated
 * configurations for three apps (an ordinary app, a bypass host, a Paperless host) and the portal.
 *
 * Rules (first match wins, default deny):
 *   app.example.test        /admin → deny, /secure → two_factor, anything else → one_factor
 *   public.example.test     bypass
 *   paperless.example.test  two_factor (its device tokens are valid there only)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealSecret, sha256Hex } from '../../lib/crypto';
import { createDb, type Db } from '../../lib/db';
import { migrate } from '../../lib/db/migrate';
import { realTokenContext } from '../../lib/paperless/real-token-context';
import { createTestUser } from '../support/fixtures';
import { freeLoopbackPort } from '../support/free-port';
import { startGatehouse, type GatehouseProcess } from '../support/gatehouse-process';
import { loadProxies, type TProcess } from '../support/proxies';
import { seedRules, seedSession } from '../support/seed';
import { caddyConfig, nginxConfig, type TProxyConfigInput } from '../../lib/proxy-config/index';
import type { TObservation, TProxyKind, TWorld } from './properties';
import { headerValues, sendRaw, startRecordingUpstream, type TRawRequestSeen } from './raw-http';
import { startRelay, type TRelayed } from './relay';
import { HOSTS, ID_HEADER, resolvePlan, wire, type TRequestPlan, type TSecrets } from './requests';

export type TStack = {
  /** The proxy's port and the seeded credentials, for filling in request plans. */
  secrets(proxy: TProxyKind): TSecrets;
  world(proxy: TProxyKind): TWorld;
  /** Sends one request through `proxy` and returns everything observed about it. */
  exchange(proxy: TProxyKind, plan: TRequestPlan): Promise<TObservation>;
  /** Upstream requests and Gatehouse calls that carried no harness id (none are expected). */
  orphans(): { upstream: TRawRequestSeen[]; gatehouse: TRelayed[] };
  stop(): Promise<void>;
};

/** What a hand-written nginx configuration needs to know to stand in for the generated one. */
export type TNginxContext = {
  /** The port nginx listens on (127.0.0.1). */
  port: number;
  /** Where nginx reaches Gatehouse (the relay), e.g. http://127.0.0.1:40000. */
  gatehouse: string;
  /** Where nginx reaches each app's upstream, by host name. */
  upstreams: Record<string, string>;
};

export type TStackOptions = {
  /** The nginx configuration (inside http { }); default: the generated one. */
  nginx?: (context: TNginxContext) => string;
};

export async function startDifferentialStack(options: TStackOptions = {}): Promise<TStack> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    return await start(options, stops, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function start(options: TStackOptions, stops: (() => Promise<unknown>)[], stop: () => Promise<void>): Promise<TStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-differential-'));
  stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const file = join(dataDir, 'gatehouse.db');
  await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
  const db: Db = createDb({ dialect: 'sqlite', url: `file:${file}` });
  stops.push(() => db.$disconnect());

  const encryptionKey = randomBytes(32);
  const alice = await createTestUser(db, { username: 'alice', groups: ['staff'] });
  const bob = await createTestUser(db, { username: 'bob', displayName: 'Bob Zoë', groups: ['staff', 'admins'] });
  const carol = await createTestUser(db, { username: 'carol', groups: ['paperless'] });
  const sessions = { alice: await seedSession(db, { userId: alice.id }), bob: await seedSession(db, { userId: bob.id, level: 'two_factor' }) };
  const device = randomBytes(20).toString('hex');
  const realToken = randomBytes(20).toString('hex');
  await db.paperlessAccount.create({
    data: {
      userId: carol.id,
      paperlessUserId: 7,
      paperlessUsername: 'carol',
      realToken: sealSecret(realToken, encryptionKey, realTokenContext(carol.id)),
      tokenObtainedAt: new Date(),
    },
  });
  await db.appToken.create({ data: { userId: carol.id, label: 'Phone', tokenHash: sha256Hex(device), requestId: 'differential-phone' } });
  await seedRules(
    db,
    [
      { domains: [HOSTS.app], paths: [{ kind: 'prefix', value: '/admin' }], policy: 'deny' },
      { domains: [HOSTS.app], paths: [{ kind: 'prefix', value: '/secure' }], policy: 'two_factor' },
      { domains: [HOSTS.app], policy: 'one_factor' },
      { domains: [HOSTS.public], policy: 'bypass' },
      { domains: [HOSTS.paperless], policy: 'two_factor' },
    ],
    'deny',
  );

  const ports = { nginx: await freeLoopbackPort(), caddy: await freeLoopbackPort() };
  const gatehouse: GatehouseProcess = await startGatehouse({
    dataDir,
    env: {
      GATEHOUSE_URL: `http://${HOSTS.portal}:${ports.nginx}`,
      GATEHOUSE_COOKIE_DOMAIN: 'example.test',
      GATEHOUSE_ALLOW_HTTP: 'true',
      GATEHOUSE_ENCRYPTION_KEY: encryptionKey.toString('hex'),
      // Never contacted: device tokens only need the public URL (their one host) and the sealed token.
      GATEHOUSE_PAPERLESS_URL: 'http://127.0.0.1:9',
      GATEHOUSE_PAPERLESS_PUBLIC_URL: `http://${HOSTS.paperless}`,
      GATEHOUSE_PAPERLESS_ADMIN_TOKEN: randomBytes(20).toString('hex'),
    },
  });
  stops.push(() => gatehouse.stop());

  const upstreamSeen = new Map<string, TRawRequestSeen[]>();
  const gatehouseSeen = new Map<string, TRelayed[]>();
  const orphans = { upstream: [] as TRawRequestSeen[], gatehouse: [] as TRelayed[] };
  // One upstream per app: which app a request reached is where it arrived, whatever its Host says.
  const upstreams: Record<string, number> = {};
  for (const app of [HOSTS.app, HOSTS.public, HOSTS.paperless]) {
    const upstream = await startRecordingUpstream(app, (seen) => {
      const id = headerValues(seen.headers, ID_HEADER)[0];
      if (id === undefined) orphans.upstream.push(seen);
      else upstreamSeen.set(id, [...(upstreamSeen.get(id) ?? []), seen]);
    });
    stops.push(() => upstream.close());
    upstreams[app] = upstream.port;
  }
  const relay = await startRelay({ port: gatehouse.port }, (call) => {
    const id = headerValues(call.headers, ID_HEADER)[0];
    if (id === undefined) orphans.gatehouse.push(call);
    else gatehouseSeen.set(id, [...(gatehouseSeen.get(id) ?? []), call]);
  });
  stops.push(() => relay.close());

  const proxies = await loadProxies();
  const input = (port: number): TProxyConfigInput => ({
    portalUrl: `http://${HOSTS.portal}:${port}`,
    cookieDomain: 'example.test',
    gatehouseUpstream: `http://127.0.0.1:${relay.port}`,
    apps: [
      { host: HOSTS.app, upstream: `http://127.0.0.1:${upstreams[HOSTS.app]}` },
      { host: HOSTS.public, upstream: `http://127.0.0.1:${upstreams[HOSTS.public]}` },
      { host: HOSTS.paperless, upstream: `http://127.0.0.1:${upstreams[HOSTS.paperless]}`, paperless: true },
    ],
    listen: { scheme: 'http', port, address: '127.0.0.1' },
  });
  const nginxContext: TNginxContext = {
    port: ports.nginx,
    gatehouse: `http://127.0.0.1:${relay.port}`,
    upstreams: Object.fromEntries(Object.entries(upstreams).map(([host, port]) => [host, `http://127.0.0.1:${port}`])),
  };
  const running: TProcess[] = [
    await proxies.startNginx({ serverConfig: options.nginx ? options.nginx(nginxContext) : nginxConfig(input(ports.nginx)).full }),
    await proxies.startCaddy({ caddyfile: caddyConfig(input(ports.caddy)) }),
  ];
  for (const proc of running) stops.push(() => proc.stop());

  let next = 0;
  const secrets = (proxy: TProxyKind): TSecrets => ({ port: ports[proxy], alice: sessions.alice, bob: sessions.bob, device });
  return {
    secrets,
    world: (proxy) => ({ proxy, secretsFromClient: [realToken], secretsFromUpstream: [device, sessions.alice, sessions.bob] }),
    async exchange(proxy, plan) {
      const id = `${proxy}-${++next}`;
      const resolved = resolvePlan(plan, secrets(proxy));
      const response = await sendRaw(ports[proxy], wire(resolved, id));
      const observation = { plan: resolved, response, gatehouse: gatehouseSeen.get(id) ?? [], upstream: upstreamSeen.get(id) ?? [] };
      upstreamSeen.delete(id);
      gatehouseSeen.delete(id);
      return observation;
    },
    orphans: () => orphans,
    stop,
  };
}
