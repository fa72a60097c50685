import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import type { UserDetail } from '@/lib/users/get-user-detail';
import { revokeUserDeviceTokenAction, revokeUserDeviceTokensAction } from '../actions';

/** The user's device tokens, each revocable, and all of them at once. */
export function DeviceTokensCard({ u }: { u: UserDetail }) {
  const liveTokens = u.deviceTokens.filter((t) => t.state === 'active');
  return (
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
            confirm={
              <p>
                Revoke all {liveTokens.length} device token{liveTokens.length === 1 ? '' : 's'} of <strong>{u.username}</strong>? Their Paperless apps stop
                working until they create new ones.
              </p>
            }
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
                <span className="text-zinc-500">
                  created <Time value={t.createdAt} />, last used <Time value={t.lastUsedAt} />
                </span>
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
                confirm={
                  <p>
                    Revoke <strong>{t.label}</strong> of <strong>{u.username}</strong>? That device stops working at once.
                  </p>
                }
              />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
