import { Badge } from '@/components/ui/badge';
import { EmptyState, Table } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import type { FormState } from '@/lib/actions/form-state';
import type { AppTokenSummary } from '@/lib/paperless/app-tokens';
import { RevokeTokenButton } from './revoke-token-button';

const STATE_TONE = { active: 'green', expired: 'amber', revoked: 'neutral' } as const;

/** App tokens with their state and dates; `showOwner` for the admin's list of everyone's. */
export function TokenTable({
  tokens,
  showOwner = false,
  revoke,
  empty,
}: {
  tokens: AppTokenSummary[];
  showOwner?: boolean;
  revoke: (previous: FormState, formData: FormData) => Promise<FormState>;
  empty: string;
}) {
  if (tokens.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <Table
      columns={[
        ...(showOwner ? ['User'] : []),
        'Device',
        { label: 'State', priority: 'low' },
        { label: 'Created', priority: 'low' },
        { label: 'Last used', priority: 'low' },
        { label: 'Expires', priority: 'low' },
        { hidden: 'Actions' },
      ]}
    >
      {tokens.map((t) => (
        <tr key={t.id} data-testid="token-row">
          {showOwner && (
            <td className="px-4 py-3">
              {t.user.displayName} <span className="text-zinc-500">({t.user.username})</span>
            </td>
          )}
          <td className="px-4 py-3 font-medium">{t.label}</td>
          <td className="px-4 py-3">
            <Badge tone={STATE_TONE[t.state]}>{t.state}</Badge>
          </td>
          <td className="px-4 py-3 whitespace-nowrap">
            <Time value={t.createdAt} />
          </td>
          <td className="px-4 py-3 whitespace-nowrap">{t.lastUsedAt ? <Time value={t.lastUsedAt} /> : 'never'}</td>
          <td className="px-4 py-3 whitespace-nowrap">
            {t.revokedAt ? (
              <>
                revoked <Time value={t.revokedAt} />
              </>
            ) : t.expiresAt ? (
              <Time value={t.expiresAt} />
            ) : (
              'never'
            )}
          </td>
          <td className="px-4 py-3 text-right">
            <RevokeTokenButton tokenId={t.id} label={t.label} owner={showOwner ? t.user.username : undefined} active={t.state === 'active'} action={revoke} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
