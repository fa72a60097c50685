import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import { requireUser } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { describeUserAgent } from '@/lib/http/user-agent';
import { listActiveSessions } from '@/lib/sessions/list-sessions';
import { RevokeSessionButton, SignOutEverywhere } from './session-actions';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  const { user, session } = await requireUser();
  const env = getEnv();
  const sessions = await listActiveSessions(getDb(), { userId: user.id, currentSessionId: session.id, idleTimeoutMs: env.session.idleTimeoutMs });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Where you are signed in. End any session you do not recognise.</p>
      </div>
      <Card
        title="Active sessions"
        description={`A session ends after ${Math.round(env.session.maxAgeMs / 86_400_000)} days, or sooner after ${Math.round(env.session.idleTimeoutMs / 3_600_000)} hours without use.`}
      >
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Active sessions">
          {sessions.map((s) => {
            const label = `${describeUserAgent(s.userAgent)}${s.ip ? ` from ${s.ip}` : ''}`;
            return (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="session-row">
                <div className="min-w-0 text-sm">
                  <p className="font-medium">
                    {label} {s.current && <Badge tone="indigo">this browser</Badge>}
                  </p>
                  <p className="text-zinc-600 dark:text-zinc-400">
                    Signed in <Time value={s.createdAt} /> · last active <Time value={s.lastSeenAt} /> · ends <Time value={s.endsAt} />
                  </p>
                </div>
                <RevokeSessionButton sessionId={s.id} label={label} current={s.current} />
              </li>
            );
          })}
        </ul>
      </Card>
      <Card title="Sign out everywhere" description="Ends your sessions in every browser. Use it if you lost a device or signed in on a shared computer.">
        <SignOutEverywhere others={sessions.filter((s) => !s.current).length} />
      </Card>
    </div>
  );
}
