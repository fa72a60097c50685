/**
 * CSRF defence for every state-changing form: the browser's Origin header must name this portal
 * (its configured URL, or the host the request was addressed to). Browsers always send Origin on
 * POST; a missing or foreign Origin is refused.
 */
export function isSameOriginPost(input: { origin: string | null; host: string | null; portalUrl: string }): boolean {
  if (!input.origin || input.origin === 'null') return false;
  let origin: URL;
  try {
    origin = new URL(input.origin);
  } catch {
    return false;
  }
  if (origin.protocol !== 'https:' && origin.protocol !== 'http:') return false;
  if (origin.origin === new URL(input.portalUrl).origin) return true;
  return input.host !== null && origin.host === input.host.toLowerCase();
}
