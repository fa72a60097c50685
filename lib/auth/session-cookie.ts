import 'server-only';
import { cookies } from 'next/headers';
import { getEnv } from '../env';

/**
 * The session cookie: HttpOnly, SameSite=Lax, Secure unless the portal runs on http://localhost,
 * and scoped to the cookie domain so the verify endpoint sees it on every subdomain.
 */
export async function setSessionCookie(token: string, expiresAt: Date): Promise<void> {
  const { cookie } = getEnv();
  (await cookies()).set({
    name: cookie.name,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    domain: cookie.domain,
    expires: expiresAt,
  });
}

export async function clearSessionCookie(): Promise<void> {
  const { cookie } = getEnv();
  (await cookies()).set({
    name: cookie.name,
    value: '',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    domain: cookie.domain,
    maxAge: 0,
  });
}

export async function readSessionCookie(): Promise<string | undefined> {
  return (await cookies()).get(getEnv().cookie.name)?.value;
}
