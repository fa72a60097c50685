/**
 * What the production build under test says about itself: its server actions (id, name, source
 * file, the pages each is bundled with) and its app paths, read from the manifests in
 * .next/server, so a spec can cover every action or page without listing them by hand; and a
 * server action called the way React's client calls it.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type BuiltAction = { id: string; name: string; filename: string; workers: string[] };

const BUILD = join(process.cwd(), '.next', 'server');
const readManifest = <T>(name: string): T => JSON.parse(readFileSync(join(BUILD, name), 'utf8')) as T;

export function builtActions(): BuiltAction[] {
  const { node } = readManifest<{ node: Record<string, { workers: Record<string, unknown>; exportedName: string; filename: string }> }>(
    'server-reference-manifest.json',
  );
  return Object.entries(node).map(([id, entry]) => ({ id, name: entry.exportedName, filename: entry.filename, workers: Object.keys(entry.workers) }));
}

/** The one action called `name` in `filename`; throws when the build has none (renamed or moved). */
export function builtAction(name: string, filename: string): BuiltAction {
  const found = builtActions().filter((a) => a.name === name && a.filename === filename);
  if (found.length !== 1) throw new Error(`the build has ${found.length} actions ${name} in ${filename}`);
  return found[0]!;
}

/** Keys of app-paths-manifest.json: `/(dashboard)/admin/users/[userId]/page`, `/api/health/route`. */
export const builtAppPaths = (): string[] => Object.keys(readManifest<Record<string, string>>('app-paths-manifest.json'));

/**
 * A build path (`app/(dashboard)/admin/users/[userId]/page`, `/api/admin/rules/export/route`)
 * as the URL it serves: no `app` prefix, no route groups, no trailing page/route file, and each
 * `[param]` filled from `params` or else with an id that exists nowhere (`madeUp` says so).
 */
export function urlOf(buildPath: string, params: Record<string, string> = {}): { url: string; madeUp: boolean } {
  let madeUp = false;
  const segments = buildPath
    .replace(/^app(?=\/)/, '')
    .replace(/\/(page|route)$/, '')
    .split('/')
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s))
    .map((s) => {
      const param = /^\[(?:\.\.\.)?(\w+)\]$/.exec(s)?.[1];
      if (!param) return s;
      if (params[param]) return params[param]!;
      madeUp = true;
      return 'e2e-no-such-id';
    });
  return { url: `/${segments.join('/')}`, madeUp };
}

/**
 * POSTs a `(previousState, formData)` form action as React's encodeReply sends it: the FormData
 * is reference 1, its fields go as `_1_<name>`, and part `0`, the argument list, comes last (the
 * server decodes while the body streams in: a reference sees only the parts before it). A
 * FormData keeps that order; a plain object would not (its key "0" always enumerates first). The
 * `api` context carries the session cookie; `origin` is the portal's own (the same-origin check).
 */
export function callFormAction(
  api: APIRequestContext,
  path: string,
  action: BuiltAction,
  origin: string,
  fields: Record<string, string> = {},
): Promise<APIResponse> {
  const multipart = new FormData();
  for (const [name, value] of Object.entries(fields)) multipart.append(`_1_${name}`, value);
  multipart.append('0', JSON.stringify([{ status: 'idle' }, '$K1']));
  return api.post(path, { headers: { 'Next-Action': action.id, Origin: origin, Accept: 'text/x-component' }, multipart, maxRedirects: 0 });
}
