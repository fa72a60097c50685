import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import { describeUserAgent } from '@/lib/http/user-agent';
import type { UserDetail } from '@/lib/users/get-user-detail';
import { revokeUserSessionsAction } from '../actions';

/** The user's active sessions, with the button that ends them all. */
export function SessionsCard({ u, self }: { u: UserDetail; self: boolean }) {
  return (
    <Card
      title="Active sessions"
      actions={
        <ConfirmActionButton
          hideButton={u.sessions.length === 0}
          action={revokeUserSessionsAction}
          fields={{ userId: u.id }}
          label="End all sessions"
          srLabel={`of ${u.username}`}
          title={`End all sessions of ${u.username}?`}
          confirmLabel="End all sessions"
          pendingLabel="Ending…"
          danger
          confirm={
            <p>
              End all {u.sessions.length} session{u.sessions.length === 1 ? '' : 's'} of <strong>{u.username}</strong>
              {self ? ', this one included' : ''}? They must sign in again.
            </p>
          }
        />
      }
    >
      {u.sessions.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No active sessions.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="user-sessions">
          {u.sessions.map((s) => (
            <li key={s.id} className="py-2">
              {s.level === 'two_factor' ? 'Two factors' : 'One factor'} · {s.ip ?? 'unknown address'} ·{' '}
              <span className="text-zinc-500" title={s.userAgent ?? undefined} data-testid="session-agent">
                {describeUserAgent(s.userAgent)}
              </span>{' '}
              · last seen <Time value={s.lastSeenAt} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
