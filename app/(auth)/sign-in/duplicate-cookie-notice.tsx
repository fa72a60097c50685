import { Alert } from '@/components/ui/alert';
import { sessionCookieState } from '@/lib/auth/session-cookie';
import { getEnv } from '@/lib/config';

/**
 * Shown when the browser sent two session cookies (a stale host-only cookie beside the domain
 * one, or one set by another site under the same domain): Gatehouse then treats the visit as
 * signed out, everywhere, rather than guess which one is real.
 */
export async function DuplicateCookieNotice() {
  if ((await sessionCookieState()).status !== 'duplicate') return null;
  const env = getEnv();
  const domain = env.cookie.domain ?? new URL(env.url).hostname;
  return (
    <Alert tone="warning" className="mb-4" testId="duplicate-session-cookies" title="You were signed out for safety">
      Your browser sent two session cookies for this portal, so neither was trusted. Sign in again. If this keeps happening, clear the cookies for {domain} in
      your browser&apos;s settings.
    </Alert>
  );
}
