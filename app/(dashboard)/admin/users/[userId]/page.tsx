import type { Metadata } from 'next';
import Link from 'next/link';
import { BackLink } from '@/components/ui/back-link';
import { notFound } from 'next/navigation';
import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge, STATUS_TONE } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { AUDIT_EVENT_TYPES, isAuditEventType } from '@/lib/audit/events';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getUserDetail } from '@/lib/users/get-user-detail';
import {
  approveUserAction,
  rejectUserAction,
  revokeUserDeviceTokenAction,
  revokeUserDeviceTokensAction,
  revokeUserSessionsAction,
  setUserStatusOnPageAction,
} from '../actions';
import { ResetFactorsButton } from '../reset-factors-button';
import { SendLinkButton } from '../send-link-button';
import { DeleteUserForm, EditGroupsForm } from './user-forms';

export const metadata: Metadata = { title: 'User' };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 py-1.5">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="col-span-2">{children}</dd>
    </div>
  );
}

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { user: admin } = await requirePage('/(dashboard)/admin/users/[userId]/page');
  const { userId } = await params;
  if (!ID.test(userId)) notFound();
  const u = await getUserDetail(getDb(), { userId, idleTimeoutMs: getEnv().session.idleTimeoutMs });
  if (!u) notFound();
  const self = u.id === admin.id;
  const liveTokens = u.deviceTokens.filter((t) => t.state === 'active');

  return (
    <div className="space-y-4">
      <div>
        <BackLink href="/admin/users">Users</BackLink>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="user-heading">
          {u.displayName} <span className="font-mono text-lg text-zinc-600 dark:text-zinc-400">{u.username}</span>
        </h1>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Profile">
          <dl className="text-sm">
            <Row label="Username"><span className="font-mono">{u.username}</span></Row>
            <Row label="Email">{u.email}</Row>
            <Row label="Name">{u.displayName}</Row>
            <Row label="Signed up by">{u.signupMethod}{u.signupIp ? ` from ${u.signupIp}` : ''}</Row>
            <Row label="Created"><Time value={u.createdAt} /></Row>
            <Row label="Last sign-in"><Time value={u.lastSignInAt} /></Row>
            <Row label="Password">{u.hasPassword ? 'set' : 'not set yet'}</Row>
            {u.paperless && <Row label="Paperless">{u.paperless.username}{u.paperless.hasToken ? ' · token held' : ''}</Row>}
          </dl>
        </Card>

        <Card title="Status">
          <div className="space-y-3 text-sm">
            <p data-testid="user-status">
              <Badge tone={STATUS_TONE[u.status] ?? 'neutral'}>{u.status}</Badge>{' '}
              <span className="text-zinc-600 dark:text-zinc-400">
                since <Time value={u.statusChangedAt} />
                {u.statusChangedBy ? ` by ${u.statusChangedBy}` : u.statusChangedById ? ' by a deleted admin' : ''}
              </span>
            </p>
            {u.statusReason && <p>Reason: {u.statusReason}</p>}
            <div className="flex flex-wrap gap-2">
              {/* Rendered whatever the status (hidden when not applicable), so a result survives the page refreshing. */}
              <>
                  <ConfirmActionButton hideButton={u.status !== 'pending'} action={approveUserAction} fields={{ userId: u.id }} label="Approve" srLabel={u.username} title={`Approve ${u.username}?`} confirmLabel={`Approve ${u.username}`} pendingLabel="Approving…" confirm={<p>Approve <strong>{u.username}</strong>? They can sign in at once and are told by email.</p>} />
                  <ConfirmActionButton hideButton={u.status !== 'pending'} action={rejectUserAction} fields={{ userId: u.id }} label="Reject" srLabel={u.username} title={`Reject ${u.username}?`} confirmLabel={`Reject ${u.username}`} pendingLabel="Rejecting…" danger confirm={<p>Reject the signup of <strong>{u.username}</strong>? They are told by email.</p>} />
              </>
              {!self && (
                <ConfirmActionButton
                  hideButton={u.status !== 'active'}
                  action={setUserStatusOnPageAction}
                  fields={{ userId: u.id, status: 'disabled' }}
                  label="Disable"
                  srLabel={u.username}
                  title={`Disable ${u.username}?`}
                  confirmLabel={`Disable ${u.username}`}
                  pendingLabel="Disabling…"
                  danger
                  confirm={<p>Disable <strong>{u.username}</strong>? Every session ends, every device token is revoked, and their Paperless account is deactivated.</p>}
                />
              )}
              {!self && (
                <ConfirmActionButton hideButton={u.status !== 'disabled'} action={setUserStatusOnPageAction} fields={{ userId: u.id, status: 'active' }} label="Enable" srLabel={u.username} title={`Enable ${u.username}?`} pendingLabel="Enabling…" />
              )}
              {u.status === 'active' && <SendLinkButton userId={u.id} username={u.username} />}
            </div>
          </div>
        </Card>
      </div>

      <Card title="Groups" description={u.groups.length ? `Member of ${u.groups.join(', ')}.` : 'In no group.'}>
        <EditGroupsForm userId={u.id} username={u.username} groups={u.groups} />
      </Card>

      <Card title="Second factors" actions={<ResetFactorsButton userId={u.id} username={u.username} count={u.factors.length} />}>
        {u.factors.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">None: password only.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="user-factors">
            {u.factors.map((f) => (
              <li key={f.id}>
                {f.name} <span className="text-zinc-500">({f.kind === 'totp' ? 'authenticator app' : f.passkey ? 'passkey' : 'security key'}, added <Time value={f.createdAt} />, last used <Time value={f.lastUsedAt} />)</span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card
        title="Device tokens"
        actions={
          u.deviceTokens.length > 0 && (
            <ConfirmActionButton
              hideButton={liveTokens.length === 0}
              action={revokeUserDeviceTokensAction}
              fields={{ userId: u.id }}
              label="Revoke all device tokens"
              srLabel={`of ${u.username}`}
              title={`Revoke all device tokens of ${u.username}?`}
              confirmLabel="Revoke all"
              pendingLabel="Revoking…"
              danger
              confirm={<p>Revoke all {liveTokens.length} device token{liveTokens.length === 1 ? '' : 's'} of <strong>{u.username}</strong>? Their Paperless apps stop working until they create new ones.</p>}
            />
          )
        }
      >
        {u.deviceTokens.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No device tokens.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {u.deviceTokens.map((t) => (
              <li key={t.id} className="flex items-center justify-between gap-2 py-2">
                <span>
                  {t.label} <Badge tone={t.state === 'active' ? 'green' : 'neutral'}>{t.state}</Badge>{' '}
                  <span className="text-zinc-500">created <Time value={t.createdAt} />, last used <Time value={t.lastUsedAt} /></span>
                </span>
                <ConfirmActionButton
                    hideButton={t.state !== 'active'}
                    action={revokeUserDeviceTokenAction}
                    fields={{ userId: u.id, tokenId: t.id }}
                    label="Revoke"
                    srLabel={t.label}
                    title={`Revoke "${t.label}" of ${u.username}?`}
                    confirmLabel="Revoke"
                    pendingLabel="Revoking…"
                    danger
                    confirm={<p>Revoke <strong>{t.label}</strong> of <strong>{u.username}</strong>? That device stops working at once.</p>}
                  />
              </li>
            ))}
          </ul>
        )}
      </Card>

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
              confirm={<p>End all {u.sessions.length} session{u.sessions.length === 1 ? '' : 's'} of <strong>{u.username}</strong>{self ? ', this one included' : ''}? They must sign in again.</p>}
            />
        }
      >
        {u.sessions.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No active sessions.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="user-sessions">
            {u.sessions.map((s) => (
              <li key={s.id} className="py-2">
                {s.level === 'two_factor' ? 'Two factors' : 'One factor'} · {s.ip ?? 'unknown address'} · <span className="text-zinc-500">{(s.userAgent ?? 'unknown browser').slice(0, 80)}</span> · last seen <Time value={s.lastSeenAt} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Recent audit events" description="The newest 20 with this user as actor or target." actions={<Link href={`/admin/audit?user=${encodeURIComponent(u.username)}`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-400">All events</Link>}>
        {u.events.length === 0 ? (
          <EmptyState>No events yet.</EmptyState>
        ) : (
          <Table columns={['When', 'Event', 'Actor', 'Target', 'Address']}>
            {u.events.map((e) => (
              <tr key={e.id} data-testid="user-event">
                <td className="px-4 py-2 whitespace-nowrap"><Time value={e.createdAt} /></td>
                <td className="px-4 py-2">
                  {isAuditEventType(e.type) ? AUDIT_EVENT_TYPES[e.type] : e.type}
                  {e.outcome !== 'success' && <Badge tone="red">{e.outcome}</Badge>}
                </td>
                <td className="px-4 py-2">{e.actorName ?? '—'}</td>
                <td className="px-4 py-2">{e.targetName ?? '—'}</td>
                <td className="px-4 py-2">{e.ip ?? '—'}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>

      {!self && (
        <Card title="Delete">
          <DeleteUserForm userId={u.id} username={u.username} />
        </Card>
      )}
    </div>
  );
}
