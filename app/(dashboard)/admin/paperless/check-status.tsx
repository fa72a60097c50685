import { Badge } from '@/components/ui/badge';
import type { ConnectionCheck } from '@/lib/paperless/check-connection';

/** The stored result of the last connection check. */
export function CheckStatus({ check }: { check: ConnectionCheck | null }) {
  if (!check) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Not checked yet.</p>;
  return (
    <div className="space-y-2 text-sm" data-testid="paperless-status">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={check.ok ? 'green' : check.reachable ? 'amber' : 'red'}>
          {check.ok ? 'connected' : check.reachable ? 'needs attention' : 'unreachable'}
        </Badge>
        {check.version && <span>Paperless-ngx {check.version}</span>}
        {check.account && (
          <span>
            · admin token of <strong>{check.account}</strong>
            {check.superuser ? ' (superuser)' : ''}
          </span>
        )}
        <span className="text-zinc-500">· checked {check.checkedAt.slice(0, 16).replace('T', ' ')} UTC</span>
      </p>
      {check.problems.map((problem) => (
        <p key={problem} className="text-red-800 dark:text-red-300">
          {problem}
        </p>
      ))}
    </div>
  );
}
