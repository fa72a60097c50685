import { ConfirmActionButton } from '@/components/forms/confirm-action-button';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import { requireAdmin } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { FACTOR_CHANGE_ACTION_TEXT, listFactorChangeRequests } from '@/lib/mfa/list-factor-change-requests';
import { approveFactorChangeAction, denyFactorChangeAction } from './factor-change-actions';

/**
 * Factor changes waiting for an administrator (no mail server: lib/mfa/request-factor-change-approval.ts),
 * on the admin overview (all) and on a user's page (theirs). Renders nothing when none wait on a
 * user's page; the overview says so. Approving asks for sudo mode; one's own request shows no button.
 */
export async function FactorChangeRequests({ userId }: { userId?: string }) {
  const { user: admin } = await requireAdmin();
  const requests = await listFactorChangeRequests(getDb(), { userId });
  if (userId && requests.length === 0) return null;
  return (
    <Card
      title="Factor changes waiting for approval"
      description="No mail server is configured, so these people wait in their browser for an administrator to approve a change to their second factors. Approve only a request you expect: ask the person if in doubt."
    >
      {requests.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="factor-requests-empty">
          No requests are waiting.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Factor changes waiting for approval">
          {requests.map((r) => (
            <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="factor-request">
              <div className="min-w-0 space-y-1">
                <p>
                  <strong>{r.displayName}</strong> ({r.username}) asks to {FACTOR_CHANGE_ACTION_TEXT[r.action]}.
                </p>
                <p className="break-words text-zinc-600 dark:text-zinc-400">
                  Asked <Time value={r.createdAt} /> from {r.ip ?? 'an unknown address'} · <span data-testid="factor-request-browser">{r.browser}</span> ·
                  expires <Time value={r.expiresAt} />
                </p>
              </div>
              {r.userId === admin.id ? (
                <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="factor-request-own">
                  Your own request: another administrator must approve it.
                </p>
              ) : (
                <div className="flex flex-wrap gap-2">
                  <ConfirmActionButton
                    action={approveFactorChangeAction}
                    fields={{ requestId: r.id }}
                    label="Approve"
                    srLabel={`${r.username}'s request`}
                    title={`Approve ${r.username}'s request?`}
                    confirm={
                      <p>
                        Let <strong>{r.username}</strong> {FACTOR_CHANGE_ACTION_TEXT[r.action]}, in the browser they asked from ({r.browser})?
                      </p>
                    }
                    confirmLabel="Approve"
                    pendingLabel="Approving…"
                  />
                  <ConfirmActionButton
                    action={denyFactorChangeAction}
                    fields={{ requestId: r.id }}
                    label="Deny"
                    srLabel={`${r.username}'s request`}
                    title={`Deny ${r.username}'s request?`}
                    pendingLabel="Denying…"
                    danger
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
