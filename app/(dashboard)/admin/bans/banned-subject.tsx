import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { Ban } from '@/lib/regulation/bans';

/** Who a ban is on, in the table's first column: a user or an OpenID Connect client linked to its page (or "deleted"), a login name that names no account, an address. */
export function BannedSubject({ ban }: { ban: Ban }) {
  if (ban.kind === 'user')
    return (
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone="indigo">user</Badge>
        {ban.username ? (
          <Link href={`/admin/users/${encodeURIComponent(ban.value)}`} className="font-mono underline-offset-2 hover:underline">
            {ban.username}
          </Link>
        ) : (
          <span className="text-zinc-500">deleted user ({ban.value})</span>
        )}
      </p>
    );
  if (ban.kind === 'client')
    return (
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone="indigo">OpenID client</Badge>
        {ban.client ? (
          <>
            <Link
              href={`/admin/applications/${encodeURIComponent(ban.client.applicationId)}/oidc/${encodeURIComponent(ban.value)}`}
              className="underline-offset-2 hover:underline"
            >
              {ban.client.name}
            </Link>
            <span className="font-mono text-xs break-all text-zinc-500">{ban.value}</span>
          </>
        ) : (
          <span className="break-all text-zinc-500">deleted client ({ban.value})</span>
        )}
      </p>
    );
  if (ban.kind === 'login')
    return (
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone="amber">login name</Badge>
        <span className="font-mono text-xs break-all">{ban.value}</span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">no account has it</span>
      </p>
    );
  return (
    <p className="flex flex-wrap items-center gap-2">
      <Badge tone="amber">{ban.kind === 'address' ? 'address' : 'other'}</Badge>
      <span className="font-mono text-xs break-all">{ban.value}</span>
    </p>
  );
}
