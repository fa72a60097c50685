/**
 * The "behind a real proxy" stack for browser tests: a Gatehouse whose portal is
 * http://auth.example.test:<port>, nginx running the configuration the admin page generates for
 * it, and an app that echoes the headers it receives, served as several subdomains. Chromium
 * reaches the test names through --host-resolver-rules (see playwright.config.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse } from '../../test/support/gatehouse-process';
import { examplePortal, migrateWithRules, startAppsBehindNginx } from './behind-nginx';

export const PROXY_APPS = { one: 'one.example.test', two: 'two.example.test', strict: 'strict.example.test' } as const;

export async function startProxyStack(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const portal = examplePortal(await freeLoopbackPort());
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-e2e-'));

  // Schema first, then the rules the tests rely on, then the server (which loads them at start).
  const dbFile = migrateWithRules(dataDir, portal, [
    { description: 'apps', domains: [PROXY_APPS.one, PROXY_APPS.two], policy: 'one_factor' },
    { description: 'strict app', domains: [PROXY_APPS.strict], policy: 'two_factor' },
  ]);

  const stops: (() => Promise<void>)[] = [];
  try {
    const gatehouse = await startGatehouse({ dataDir, env: portal.env });
    stops.push(() => gatehouse.stop());
    const apps = await startAppsBehindNginx(portal, gatehouse.direct, Object.values(PROXY_APPS));
    stops.push(() => apps.stop());
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
  return {
    env: { GATEHOUSE_E2E_PROXY_PORTAL: portal.url, GATEHOUSE_E2E_PROXY_PORT: String(portal.port), GATEHOUSE_E2E_PROXY_DB: dbFile },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
