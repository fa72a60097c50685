/**
 * What the Gatehouse server accepts as a request target before Next sees it. Next redirects an
 * absolute-form request line (`GET http://evil.test/x HTTP/1.1`) to the host it names, and
 * answers a path whose escapes are not UTF-8 (`/password/%zz`) with an empty 500: both are
 * refused here with a plain 400 instead. The verify paths are answered before this check and
 * judge their own targets (lib/verify).
 */
import type { IncomingMessage } from 'node:http';

/**
 * The largest request body the portal reads, as Content-Length: Next's limit for server actions
 * (next.config.mjs), and nothing Gatehouse accepts comes near it (a rules import is at most 1 MiB).
 */
export { ACTION_BODY_LIMIT_BYTES as MAX_BODY_BYTES } from '../actions/action-body';

/** Whether a declared Content-Length is more than the portal reads (a malformed one counts as too much). */
export function bodyTooLarge(contentLength: string | undefined, limit: number): boolean {
  if (contentLength === undefined) return false;
  const length = Number(contentLength);
  return !Number.isSafeInteger(length) || length < 0 || length > limit;
}

/**
 * Answers a refused request once its body has been read away (and thrown away): answering and
 * closing while the client is still sending makes the kernel reset the connection, which can
 * swallow the answer. Past `limit` bytes the connection is cut without one.
 */
export function answerAfterDraining(req: IncomingMessage, limit: number, answer: () => void): void {
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) req.socket.destroy();
  });
  req.on('end', answer);
  req.resume();
}

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
