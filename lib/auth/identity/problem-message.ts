/**
 * The sign-in problem page shows a message handed over in its URL (the provider callback can
 * only redirect). The message is signed with the instance's key, so a link crafted elsewhere
 * cannot make Gatehouse's page say something Gatehouse did not say.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../crypto';

const sign = (message: string, key: Buffer) => createHmac('sha256', key).update(`sign-in-problem:${message}`).digest('base64url');

export function problemQuery(message: string, key: Buffer): string {
  const text = message.slice(0, 500);
  return new URLSearchParams({ message: text, sig: sign(text, key) }).toString();
}

/** The message if its signature is right, else null. */
export function verifiedProblem(message: string | undefined, sig: string | undefined, key: Buffer): string | null {
  if (!message || !sig || message.length > 500) return null;
  return safeEqual(sign(message, key), sig) ? message : null;
}
