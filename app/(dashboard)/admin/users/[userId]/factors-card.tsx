import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import type { UserDetail } from '@/lib/users/get-user-detail';
import { ResetFactorsButton } from '../reset-factors-button';

/** The user's second factors, with the button that removes them all. */
export function FactorsCard({ u }: { u: UserDetail }) {
  return (
    <Card title="Second factors" actions={<ResetFactorsButton userId={u.id} username={u.username} count={u.factors.length} />}>
      {u.factors.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">None: password only.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="user-factors">
          {u.factors.map((f) => (
            <li key={f.id}>
              {f.name}{' '}
              <span className="text-zinc-500">
                ({f.label}, added <Time value={f.createdAt} />, last used <Time value={f.lastUsedAt} />)
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
