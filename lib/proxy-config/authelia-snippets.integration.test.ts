/**
 * An nginx configuration written for Authelia, in front of the real Gatehouse, under the
 * differential harness (differential.integration.test.ts has the generated configurations).
 * The snippets are a write-up's "auth.conf" and "authelia.conf" (test/support/authelia-nginx-snippets.ts),
 * with the upstream and portal addresses changed.
 *
 * As published they build the verified target from $http_host, the client's Host header, while
 * nginx routes an absolute-form request line by its own host: a request for the app that names
 * a bypass host in Host is judged as that host. With the edits README.md lists under "Coming from
 * Authelia?" (AUTHELIA_EDITS in test/support/authelia-nginx-snippets.ts: the host nginx routed on, the cookies Gatehouse hands back,
 * room for its answer headers), and server blocks as README shows them, every property holds.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHELIA_EDITS, AUTHELIA_SNIPPETS, editedAutheliaSnippets, replaceOnce, type TAutheliaSnippets } from '../../test/support/authelia-nginx-snippets';
import { KEPT_CASES } from '../../test/differential/kept-cases';
import { violations } from '../../test/differential/properties';
import { HOSTS, requestArb } from '../../test/differential/requests';
import { startDifferentialStack, type TNginxContext, type TStack } from '../../test/differential/stack';

/**
 * The portal first (nginx's default server for the port: unknown hosts land there, never on an
 * app), then one block per app as README shows it: an exact server_name, authelia.conf, and
 * location / with auth.conf and the routed host as Host. The portal keeps Gatehouse's verify
 * paths closed, and refuses ";" and "\" as README shows (other servers drop ";…" parameters or
 * read "\" as "/": "/api/;a=b//verify" would be a verify path to them).
 */
function nginxWith(snippets: TAutheliaSnippets) {
  return (context: TNginxContext): string => {
    const portal = `http://${HOSTS.portal}:${context.port}/`;
    const authConf = replaceOnce(snippets['auth.conf'], 'https://<AddYourAutheliaSubdomainHERE>/', portal);
    const autheliaConf = replaceOnce(snippets['authelia.conf'], 'http://localhost:9091/api/verify', `${context.gatehouse}/api/verify`);
    const app = (host: string) => `
server {
    listen 127.0.0.1:${context.port};
    server_name ${host};
${autheliaConf}
    location / {
${authConf}
        proxy_set_header Host $host:$server_port;
        proxy_pass ${context.upstreams[host]};
    }
}`;
    return `
server {
    listen 127.0.0.1:${context.port};
    server_name ${HOSTS.portal};
    location ~* ^/api/(verify|authz|metrics) {
        return 404;
    }
    location ~ "[;\\x5c]" {
        return 404;
    }
    location / {
        proxy_pass ${context.gatehouse};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header Remote-User "";
        proxy_set_header X-Original-URL "";
        proxy_set_header X-Forwarded-Uri "";
        proxy_buffer_size 64k;
        proxy_buffers 4 64k;
    }
}
${app(HOSTS.app)}
${app(HOSTS.public)}`;
  };
}

/** Kept cases that concern an Authelia-style configuration (not the generated Paperless hardening). */
const RELEVANT = KEPT_CASES.filter(({ plan }) => !JSON.stringify(plan).includes('paperless') && !JSON.stringify(plan).includes('auth.example.test'));

describe('the Authelia snippets as published', () => {
  let stack: TStack;
  beforeAll(async () => {
    stack = await startDifferentialStack({ nginx: nginxWith({ ...AUTHELIA_SNIPPETS }) });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("judge the client's Host header: an absolute-form request for the app with Host: the bypass host passes anonymously", async () => {
    const plan = KEPT_CASES.find((c) => c.name === 'absolute-form request line for the app, Host: the bypass host')!.plan;
    const observation = await stack.exchange('nginx', plan);
    expect(observation.upstream.map((seen) => [seen.app, seen.target])).toEqual([[HOSTS.app, '/secure/x']]);
    expect(violations(observation, stack.world('nginx')).join('\n')).toMatch(/Gatehouse judged GET public\.example\.test/);
  });
});

describe('the Authelia snippets with the edits README.md lists', () => {
  let stack: TStack;
  beforeAll(async () => {
    stack = await startDifferentialStack({ nginx: nginxWith(editedAutheliaSnippets()) });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('are the lines README.md shows', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    for (const edit of AUTHELIA_EDITS) {
      for (const line of edit.to.split('\n').filter((l) => l !== edit.from)) expect(readme, line).toContain(line);
    }
  });

  for (const { name, plan } of RELEVANT) {
    it(`kept case: ${name}`, async () => {
      const observation = await stack.exchange('nginx', plan);
      expect(violations(observation, stack.world('nginx')).join('\n')).toBe('');
    });
  }

  it('hold every property for generated hostile requests', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (plan) => {
        const found = violations(await stack.exchange('nginx', plan), stack.world('nginx'));
        if (found.length) throw new Error(found.join('\n'));
      }),
      { numRuns: 1_000, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);
});
