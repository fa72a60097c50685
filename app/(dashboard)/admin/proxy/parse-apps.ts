/**
 * The proxy setup page's inputs, shared by the page (server) and its apps fields (client): the
 * "host = upstream" lines and the hosts ticked as Paperless-ngx. Values are only split here;
 * lib/proxy-config validates them.
 */
import type { TProxyAppInput } from '@/lib/proxy-config';

const MAX_APPS = 50;

/** "paperless.example.com = http://127.0.0.1:8000" lines → apps (without the Paperless marking). */
export function parseApps(text: string): { host: string; upstream: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, MAX_APPS)
    .map((line) => {
      const [host = '', upstream = ''] = line.split(/\s*=\s*|\s+/, 2);
      return { host: host.toLowerCase(), upstream };
    });
}

/** The distinct hosts of the apps text, in order (what the Paperless checkboxes are offered for). */
export function appHosts(text: string): string[] {
  return [...new Set(parseApps(text).map((app) => app.host))];
}

/** The `paperless` query parameter (one value per ticked host) → a set of lower-cased hosts. */
export function paperlessHosts(value: string | string[] | undefined): Set<string> {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return new Set(
    values
      .slice(0, MAX_APPS)
      .map((host) => host.trim().toLowerCase().slice(0, 253))
      .filter(Boolean),
  );
}

/** The apps with `paperless: true` on those whose host was ticked. */
export function markPaperless(apps: { host: string; upstream: string }[], ticked: Set<string>): TProxyAppInput[] {
  return apps.map((app) => (ticked.has(app.host) ? { ...app, paperless: true } : app));
}
