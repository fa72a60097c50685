import 'server-only';
/**
 * The device cookie identifies a browser for emailed device links: a link works only in the
 * browser that asked for it. A random value, HttpOnly, for the portal's host only; the database
 * keeps its SHA-256 on the link.
 */
import { cookies } from 'next/headers';
import { randomToken } from '../crypto';
import { getEnv } from '../env';

const ONE_YEAR_S = 365 * 24 * 3600;

export function deviceCookieName(): string {
  return `${getEnv().cookie.name}_device`;
}

export async function readDeviceCookie(): Promise<string | null> {
  const value = (await cookies()).get(deviceCookieName())?.value;
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** The browser's device id, set now if it has none (only possible in an action or route). */
export async function ensureDeviceCookie(): Promise<string> {
  const existing = await readDeviceCookie();
  if (existing) return existing;
  const value = randomToken(32);
  (await cookies()).set({ name: deviceCookieName(), value, httpOnly: true, sameSite: 'lax', secure: getEnv().cookie.secure, path: '/', maxAge: ONE_YEAR_S });
  return value;
}
