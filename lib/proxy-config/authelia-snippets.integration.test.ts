/**
 * An nginx configuration written for Authelia, in front of the real Gatehouse, under the
 * differential harness (differential.integration.test.ts has the generated configurations).
 * The snippets are those of the seed write-up (../shared/seeds/authelia-nginx-2fa-for-paperless.txt,
 * "auth.conf" and "authelia.conf"), with the upstream and portal addresses changed.
 *
 * As published they build the verified target from $http_host, the client's Host header, while
 * nginx routes an absolute-form request line by its own host: a request for the app that names
 * a bypass host in Host is judged as that host. With the edits README.md lists under "Coming from
 * Authelia?" (AUTHELIA_EDITS below: the host nginx routed on, the cookies Gatehouse hands back,
 * room for its answer headers), and server blocks as README shows them, every property holds.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_CASES } from './differential/kept-cases';
import { violations } from './differential/properties';
import { HOSTS, requestArb } from './differential/requests';
import { startDifferentialStack, type TNginxContext, type TStack } from './differential/stack';

const SEED = join(process.cwd(), '..', 'shared', 'seeds', 'authelia-nginx-2fa-for-paperless.txt');

/** The edits README.md's "Coming from Authelia?" prescribes, line for line. */
export const AUTHELIA_EDITS: { file: 'auth.conf' | 'authelia.conf'; from: string; to: string }[] = [
  {
    file: 'authelia.conf',
    from: 'proxy_set_header X-Original-URL $scheme://$http_host$request_uri;',
    // The method too: the write-up sends none, so Gatehouse judged GET, or whatever a client's
    // own X-Original-Method said (method rules).
    to: [
      'proxy_set_header X-Original-URL $scheme://$host:$server_port$request_uri;',
      'proxy_set_header X-Original-Method $request_method;',
      'proxy_set_header X-Forwarded-Method $request_method;',
    ].join('\n'),
  },
  { file: 'authelia.conf', from: 'proxy_set_header X-Forwarded-Host $http_host;', to: 'proxy_set_header X-Forwarded-Host $host:$server_port;' },
  { file: 'authelia.conf', from: 'proxy_buffers 4 32k;', to: 'proxy_buffer_size 64k;\nproxy_buffers 4 64k;' },
  { file: 'auth.conf', from: 'auth_request_set $target_url $scheme://$http_host$request_uri;', to: 'auth_request_set $target_url $scheme://$host:$server_port$request_uri;' },
  {
    file: 'auth.conf',
    from: 'proxy_set_header Remote-Email $email;',
    to: [
      'proxy_set_header Remote-Email $email;',
      'auth_request_set $gatehouse_cookie $upstream_http_x_gatehouse_cookie;',
      'proxy_set_header Cookie $gatehouse_cookie;',
      'proxy_set_header X-Original-URL "";',
      'proxy_set_header X-Original-Method "";',
      'proxy_set_header X-Forwarded-Host $host:$server_port;',
    ].join('\n'),
  },
];

type TSnippets = { 'auth.conf': string; 'authelia.conf': string };

function seedSnippets(): TSnippets {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const start = lines.indexOf('# Basic Authelia Config');
  const end = lines.findIndex((line, i) => i > start && line.startsWith('error_page 401 =302'));
  const locationStart = lines.indexOf('location /authelia {');
  const locationEnd = lines.findIndex((line, i) => i > locationStart && line === '}');
  if (start < 0 || end < 0 || locationStart < 0 || locationEnd < 0) throw new Error('the seed no longer has the expected snippets');
  return { 'auth.conf': lines.slice(start, end + 1).join('\n'), 'authelia.conf': lines.slice(locationStart, locationEnd + 1).join('\n') };
}

function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one "${from}", found ${count}`);
  return text.replace(from, to);
}

function edited(snippets: TSnippets): TSnippets {
  const out = { ...snippets };
  for (const edit of AUTHELIA_EDITS) out[edit.file] = replaceOnce(out[edit.file], edit.from, edit.to);
  return out;
}

/**
 * The portal first (nginx's default server for the port: unknown hosts land there, never on an
 * app), then one block per app as README shows it: an exact server_name, authelia.conf, and
 * location / with auth.conf and the routed host as Host. The portal keeps Gatehouse's verify
 * paths closed.
 */
function nginxWith(snippets: TSnippets) {
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
    location ~* ^/api/(verify|authz) {
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
    stack = await startDifferentialStack({ nginx: nginxWith(seedSnippets()) });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('judge the client\'s Host header: an absolute-form request for the app with Host: the bypass host passes anonymously', async () => {
    const plan = KEPT_CASES.find((c) => c.name === 'absolute-form request line for the app, Host: the bypass host')!.plan;
    const observation = await stack.exchange('nginx', plan);
    expect(observation.upstream.map((seen) => [seen.app, seen.target])).toEqual([[HOSTS.app, '/secure/x']]);
    expect(violations(observation, stack.world('nginx')).join('\n')).toMatch(/Gatehouse judged GET public\.example\.test/);
  });
});

describe('the Authelia snippets with the edits README.md lists', () => {
  let stack: TStack;
  beforeAll(async () => {
    stack = await startDifferentialStack({ nginx: nginxWith(edited(seedSnippets())) });
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
