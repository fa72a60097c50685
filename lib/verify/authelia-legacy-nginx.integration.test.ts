/**
 * A user coming from Authelia keeps their nginx configuration, with the edits README.md lists under
 * "Coming from Authelia?": the two snippets of a write-up (test/support/authelia-nginx-snippets.ts —
 * the legacy /api/verify flavour whose `error_page 401 =302 https://<portal>/?rd=$target_url`
 * sends the browser to the portal's root) run in real nginx with those edits and the upstream and
 * portal addresses changed. (lib/proxy-config/authelia-snippets.integration.test.ts shows that
 * without the edits a client chooses the host that is judged.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db';
import { editedAutheliaSnippets, replaceOnce } from '../../test/support/authelia-nginx-snippets';
import { migrate } from '../db/migrate';
import { createTestUser } from '../../test/support/fixtures';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { httpRequest } from '../../test/support/http';
import { seedRules, seedSession } from '../../test/support/seed';

type Proc = { port: number; stop(): Promise<void> };
type Proxies = { startNginx(o: { serverConfig: string; port?: number }): Promise<Proc>; startEchoApp(): Promise<Proc & { url: string }> };

let gatehouse: GatehouseProcess;
let nginx: Proc;
let echo: Proc & { url: string };
let db: Db;
let port: number;
let session: string;

beforeAll(async () => {
  const proxies = (await import(/* @vite-ignore */ pathToFileURL(join(process.cwd(), 'scripts/lib/proxies.mjs')).href)) as Proxies;
  port = await freeLoopbackPort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-legacy-'));
  const file = join(dataDir, 'gatehouse.db');
  await migrate({ dialect: 'sqlite', target: file, migrationsDir: join(process.cwd(), 'prisma/migrations/sqlite') });
  db = createDb({ dialect: 'sqlite', url: `file:${file}` });
  const user = await createTestUser(db, { username: 'paula', groups: ['paperless'] });
  session = await seedSession(db, { userId: user.id, level: 'two_factor' });
  await seedRules(db, [{ domains: ['paperless.example.test'], policy: 'two_factor' }], 'deny');
  gatehouse = await startGatehouse({
    dataDir,
    env: { GATEHOUSE_URL: `http://auth.example.test:${port}`, GATEHOUSE_COOKIE_DOMAIN: 'example.test', GATEHOUSE_ALLOW_HTTP: 'true' },
  });
  echo = await proxies.startEchoApp();

  const snippets = editedAutheliaSnippets();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-legacy-nginx-'));
  // README's edits, then where Gatehouse listens and where the portal is.
  writeFileSync(
    join(dir, 'authelia.conf'),
    replaceOnce(snippets['authelia.conf'], 'http://localhost:9091/api/verify', `http://127.0.0.1:${gatehouse.port}/api/verify`),
  );
  writeFileSync(join(dir, 'auth.conf'), replaceOnce(snippets['auth.conf'], 'https://<AddYourAutheliaSubdomainHERE>/', `http://auth.example.test:${port}/`));
  // The server blocks as the write-up shows them ("include authelia/authelia.conf; location / { include authelia/auth.conf; }").
  nginx = await proxies.startNginx({
    port,
    serverConfig: `
server {
    listen 127.0.0.1:${port};
    server_name paperless.example.test;
    include ${dir}/authelia.conf;
    location / {
        include ${dir}/auth.conf;
        proxy_pass ${echo.url};
    }
}
server {
    listen 127.0.0.1:${port};
    server_name auth.example.test;
    location / {
        proxy_pass http://127.0.0.1:${gatehouse.port};
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $remote_addr;
    }
}`,
  });
}, 90_000);

afterAll(async () => {
  await nginx?.stop();
  await echo?.stop();
  await gatehouse?.stop();
  await db?.$disconnect();
});

describe("Authelia's legacy nginx snippets, with README's edits", () => {
  it("are the write-up's text with exactly README's edits", () => {
    const { 'auth.conf': authConf, 'authelia.conf': autheliaConf } = editedAutheliaSnippets();
    expect(authConf).toContain('auth_request /authelia;');
    expect(authConf).toContain('proxy_set_header Remote-User $user;');
    expect(autheliaConf).toContain('set $upstream_authelia http://localhost:9091/api/verify;');
    expect(autheliaConf).not.toContain('$http_host');
  });

  it('send an anonymous browser to the portal root with rd; the portal passes it on to sign-in', async () => {
    const app = await httpRequest({ port, host: `paperless.example.test:${port}`, path: '/documents/?page=2', headers: { Accept: 'text/html' } });
    expect(app.status).toBe(302);
    const location = app.headers.location!;
    expect(location).toBe(`http://auth.example.test:${port}/?rd=http://paperless.example.test:${port}/documents/?page=2`);

    const root = await httpRequest({ port, host: `auth.example.test:${port}`, path: location.slice(`http://auth.example.test:${port}`.length) });
    expect(root.status).toBe(303);
    expect(root.headers.location).toBe(
      `http://auth.example.test:${port}/sign-in?rd=${encodeURIComponent(`http://paperless.example.test:${port}/documents/?page=2`)}`,
    );

    const signIn = await httpRequest({
      port,
      host: `auth.example.test:${port}`,
      path: new URL(root.headers.location!).pathname + new URL(root.headers.location!).search,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toContain(`Sign in to continue to paperless.example.test:${port}`);
  });

  it('let a signed-in user through with Remote-User, Remote-Groups, Remote-Name and Remote-Email', async () => {
    const response = await httpRequest({
      port,
      host: `paperless.example.test:${port}`,
      path: '/api/documents/',
      headers: { Cookie: `gatehouse_session=${session}`, 'Remote-User': 'mallory' },
    });
    expect(response.status).toBe(200);
    const seen = JSON.parse(response.body) as { headers: Record<string, string> };
    expect(seen.headers).toMatchObject({ 'remote-user': 'paula', 'remote-groups': 'paperless', 'remote-email': 'paula@example.test' });
  });

  it('a signed-in user lands back on the app when the portal root is opened with rd', async () => {
    const response = await httpRequest({
      port,
      host: `auth.example.test:${port}`,
      path: `/?rd=http://paperless.example.test:${port}/documents/`,
      headers: { Cookie: `gatehouse_session=${session}` },
    });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe(`http://paperless.example.test:${port}/documents/`);
  });
});
