/**
 * The browser's part of a code flow, for tests: opens an authorization URL with a signed-in
 * Gatehouse session cookie and follows the redirects inside the issuer's origin (the provider's
 * interaction, which finishes by itself for a signed-in user of a first-party client), keeping
 * the provider's cookies by path as a browser does, until one leaves for the client's redirect
 * URI. Returns that URL (with the code or the error) so the relying party can finish.
 */
import { request } from 'node:http';

type Cookie = { name: string; value: string; path: string };

export class PathCookieJar {
  private cookies = new Map<string, Cookie>();

  store(setCookie: string[] | undefined): void {
    for (const header of setCookie ?? []) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired =
        value === '' || attributes.some((a) => /^max-age=0$/i.test(a)) || attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now());
      if (expired) this.cookies.delete(`${name} ${path}`);
      else this.cookies.set(`${name} ${path}`, { name, value, path });
    }
  }

  header(pathname: string): string {
    return [...this.cookies.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

function get(url: URL, cookie: string): Promise<{ status: number; location: string | undefined; setCookie: string[] | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'], body }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`GET ${url.pathname} timed out`)));
    req.once('error', reject);
    req.end();
  });
}

const withoutQuery = (url: URL) => url.href.split(/[?#]/)[0];

/**
 * Follows `authorizationUrl` with `jar` (which holds the Gatehouse session cookie) until a
 * redirect to `redirectUri` (exact, before its query). Throws with the last answer when a hop is
 * not a redirect, or leaves the issuer's origin for anywhere else.
 */
export async function followAuthorization(authorizationUrl: URL, redirectUri: string, jar: PathCookieJar): Promise<URL> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    const res = await get(url, jar.header(url.pathname));
    jar.store(res.setCookie);
    if (res.status < 300 || res.status > 399 || !res.location) {
      const text = res.body
        .replace(/<style[\s\S]*?<\/style>/g, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ');
      throw new Error(`${url.pathname} answered ${res.status} without a redirect: ${text.slice(0, 600)}`);
    }
    const next = new URL(res.location, url);
    // The provider builds the redirect with the URL parser: an origin-only redirect URI gets its "/".
    if (withoutQuery(next) === withoutQuery(new URL(redirectUri))) return next;
    if (next.origin !== authorizationUrl.origin) throw new Error(`redirected to ${next.href}, neither the issuer nor ${redirectUri}`);
    url = next;
  }
  throw new Error('more than 12 redirects before the redirect URI');
}
