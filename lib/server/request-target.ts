/**
 * What the Gatehouse server accepts as a request target before Next sees it. Next redirects an
 * absolute-form request line (`GET http://evil.test/x HTTP/1.1`) to the host it names, and
 * answers a path whose escapes are not UTF-8 (`/password/%zz`) with an empty 500: both are
 * refused here with a plain 400 instead. The verify paths are answered before this check and
 * judge their own targets (lib/verify).
 */

/** Why the request target is refused, or null when it is an origin-form path Next can route. */
export function requestTargetProblem(url: string | undefined): string | null {
  if (!url) return 'the request has no target';
  if (url.charCodeAt(0) !== 0x2f /* / */) return 'only origin-form request targets (starting with /) are served';
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  if (!path.includes('%')) return null;
  try {
    decodeURIComponent(path);
  } catch {
    return 'the path has a percent-escape that is not valid UTF-8';
  }
  return null;
}
