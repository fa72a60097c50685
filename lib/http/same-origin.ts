/**
 * CSRF defence for every state-changing form: the browser's Origin header must name this portal
 * (its configured URL, or the host the request was addressed to). Browsers always send Origin on
 * POST; a missing or foreign Origin is refused.
 */
import { isLoopbackHost } from '../config/loopback';

export function isSameOriginPost(input: { origin: string | null; host: string | null; portalUrl: string }): boolean {
  if (!input.origin || input.origin === 'null') return false;
  let origin: URL;
  try {
    origin = new URL(input.origin);
  } catch {
    return false;
  }
  if (origin.protocol !== 'https:' && origin.protocol !== 'http:') return false;
  const portal = new URL(input.portalUrl);
  if (origin.origin === portal.origin) return true;
  // Same host as addressed, but never a downgrade from an https portal to an http page
  // (loopback pages are secure contexts in browsers, so those stay allowed).
  if (portal.protocol === 'https:' && origin.protocol !== 'https:' && !isLoopbackHost(origin.hostname)) return false;
  return input.host !== null && origin.host === input.host.toLowerCase();
}
