import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import type { UserDetail } from '@/lib/users/get-user-detail';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="col-span-2">{children}</dd>
    </div>
  );
}

/** Who the user is: the profile card of the user page. */
export function ProfileCard({ u }: { u: UserDetail }) {
  return (
    <Card title="Profile">
      <dl className="text-sm">
        <Row label="Username">
          <span className="font-mono">{u.username}</span>
        </Row>
        <Row label="Email">{u.email}</Row>
        <Row label="Name">{u.displayName}</Row>
        <Row label="Signed up by">
          {u.signupMethod}
          {u.signupIp ? ` from ${u.signupIp}` : ''}
        </Row>
        <Row label="Created">
          <Time value={u.createdAt} />
        </Row>
        <Row label="Last sign-in">
          <Time value={u.lastSignInAt} />
        </Row>
        {u.authSource === 'directory' ? (
          <Row label="Password">
            <span data-testid="password-managed-by-directory">managed by the directory</span>
            {u.directoryDn && <span className="block break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{u.directoryDn}</span>}
          </Row>
        ) : (
          <Row label="Password">{u.hasPassword ? 'set' : 'not set yet'}</Row>
        )}
        {u.paperless && (
          <Row label="Paperless">
            {u.paperless.username}
            {u.paperless.hasToken ? ' · token held' : ''}
          </Row>
        )}
      </dl>
    </Card>
  );
}
