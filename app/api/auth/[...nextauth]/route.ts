/**
 * next-auth's handshake endpoints (/api/auth/signin/<provider>, /api/auth/callback/<provider>,
 * /api/auth/csrf, /api/auth/providers). Gatehouse's own sessions decide who is signed in:
 * lib/auth/identity/next-auth-options.ts.
 */
import NextAuth from 'next-auth';
import { getEnv } from '@/lib/config';
import { configureNextAuthUrl, nextAuthOptions } from '@/lib/auth/identity/next-auth-options';

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  const env = getEnv();
  if (env.signup.providers.length === 0) return Response.json({ detail: 'No sign-in providers are configured.' }, { status: 404 });
  configureNextAuthUrl(env);
  return (await NextAuth(request as never, context as never, nextAuthOptions(env))) as Response;
}

export { handler as GET, handler as POST };
