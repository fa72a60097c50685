import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { readBrowserId } from '@/lib/mfa/browser-id';
import { viewFactorChangeRequest } from '@/lib/mfa/check-factor-change-request';
import { ApprovalWaiter } from './approval-waiter';

export const metadata: Metadata = { title: 'Waiting for an administrator' };

/**
 * Where the browser that asked for a factor change waits while no mail server is configured: an
 * administrator approves the request, and this page continues by itself (lib/mfa/request-factor-change-approval.ts).
 */
export default async function ApprovalPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requirePage('/(dashboard)/security/approval/[id]/page');
  const { id } = await params;
  const view = await viewFactorChangeRequest(getDb(), { requestId: id, userId: user.id, browserId: await readBrowserId() });
  return (
    <Card title="Waiting for an administrator">
      <ApprovalWaiter
        requestId={id}
        initial={view.status}
        action={view.action}
        expiresAt={view.expiresAt?.toISOString() ?? null}
        appName={getEnv().appName}
        username={user.username}
      />
    </Card>
  );
}
