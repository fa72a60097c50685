import 'server-only';
/**
 * The browser id (a cookie) identifies a browser for emailed factor-change links: a link works
 * only in the browser that asked for it. A random value, HttpOnly, for the portal's host only;
 * the database keeps its SHA-256 on the link. The cookie keeps its historical `_device` name.
 */
import { cookies } from 'next/headers';
import { randomToken } from '../crypto';
import { getEnv } from '../config';

const ONE_YEAR_S = 365 * 24 * 3600;

export function browserIdCookieName(): string {
  return `${getEnv().cookie.name}_device`;
}

export async function readBrowserId(): Promise<string | null> {
  const value = (await cookies()).get(browserIdCookieName())?.value;
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** The browser's id, set now if it has none (only possible in an action or route). */
export async function ensureBrowserId(): Promise<string> {
  const existing = await readBrowserId();
  if (existing) return existing;
  const value = randomToken(32);
  (await cookies()).set({ name: browserIdCookieName(), value, httpOnly: true, sameSite: 'lax', secure: getEnv().cookie.secure, path: '/', maxAge: ONE_YEAR_S });
  return value;
}
