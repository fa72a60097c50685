/**
 * `node dist/server.mjs try-out …`, run by `npm run try-out` (scripts/try-out.mjs) before it
 * starts the portal: creates the sample application, or brings its URL and upstream up to date
 * (ports change between runs), and writes the proxy configuration Gatehouse generates for its
 * stored applications, the same text Admin → Proxy shows.
 */
import { writeFileSync } from 'node:fs';
import type { Actor } from '../actions/actor';
import { createApplication } from '../applications/create-application';
import { listApplications } from '../applications/list-applications';
import type { TApplicationInput } from '../applications/types';
import { updateApplication } from '../applications/update-application';
import type { CookieEnv, ListenEnv, PortalEnv } from '../config';
import type { Db } from '../db';
import { loadProxySetup } from '../proxy-config/load-proxy-setup';

export type TTryOutOptions = { proxy: 'caddy' | 'nginx'; appUrl: string; upstream: string; out: string };

export const TRY_OUT_ACTOR: Actor = { id: 'console:try-out', name: 'npm run try-out' };
export const SAMPLE_SLUG = 'sample-app';

export function sampleApplication(appUrl: string, upstream: string): TApplicationInput {
  return {
    name: 'Sample app',
    slug: SAMPLE_SLUG,
    kind: 'generic',
    description: 'Says who Gatehouse let in. Comes with npm run try-out.',
    urls: [appUrl],
    upstream,
    icon: 'builtin:app',
    subjects: [],
    level: 'two_factor',
    publicPaths: [],
    showOnLauncher: true,
  };
}

/** Throws with a readable message when an option is missing or the configuration cannot be generated. */
export async function seedTryOut(db: Db, env: Pick<PortalEnv, 'url'> & Pick<CookieEnv, 'cookie'> & ListenEnv, options: TTryOutOptions): Promise<void> {
  const input = sampleApplication(options.appUrl, options.upstream);
  const existing = (await listApplications(db)).applications.find((app) => app.slug === SAMPLE_SLUG);
  if (!existing) await createApplication(db, TRY_OUT_ACTOR, input);
  else if (existing.urls.join() !== input.urls.join() || existing.upstream !== input.upstream) {
    // Keep what the admin changed (who may use it, its level…); only the addresses follow this run.
    const { id, name, slug, kind, description, icon, subjects, level, publicPaths, showOnLauncher } = existing;
    await updateApplication(db, TRY_OUT_ACTOR, {
      ...{ id, name, slug, kind, description, icon, subjects, level, publicPaths, showOnLauncher },
      urls: input.urls,
      upstream: input.upstream,
    });
  }
  const setup = await loadProxySetup(db, env);
  if (!setup.configs) throw new Error(`the proxy configuration cannot be generated: ${setup.errors.join('; ')}`);
  const left = setup.problems.filter((p) => p.url === options.appUrl);
  if (left.length > 0) throw new Error(`the sample application was left out of the proxy configuration: ${left.map((p) => p.problem).join('; ')}`);
  writeFileSync(options.out, options.proxy === 'caddy' ? setup.configs.caddy : setup.configs.nginx.full, { mode: 0o600 });
}

/** The try-out subcommand's options from argv (`--proxy caddy --app-url … --upstream … --out …`). */
export function tryOutOptionsFrom(argv: string[]): TTryOutOptions {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    const found = index >= 0 ? argv[index + 1] : undefined;
    if (!found) throw new Error(`try-out: --${name} is missing`);
    return found;
  };
  const proxy = value('proxy');
  if (proxy !== 'caddy' && proxy !== 'nginx') throw new Error('try-out: --proxy must be caddy or nginx');
  return { proxy, appUrl: value('app-url'), upstream: value('upstream'), out: value('out') };
}
