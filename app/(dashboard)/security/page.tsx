import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { describeUserAgent } from '@/lib/http/user-agent';
import { listActiveSessions } from '@/lib/sessions/list-sessions';
import { Alert } from '@/components/ui/alert';
import { listFactors } from '@/lib/mfa/list-factors';
import { twoFactorRequiredSomewhere } from '@/lib/mfa/two-factor-required-somewhere';
import { countRecoveryCodes } from '@/lib/mfa/recovery-code-store';
import { listLinkedIdentities } from '@/lib/auth/identity/linked-identities';
import { ConfirmFirst } from '@/components/assurance/confirm-first';
import { returnUrlPolicyOf, safeReturnUrl } from '@/lib/auth/return-url';
import { getRequestMeta } from '@/lib/http/request-meta';
import { launcherViewer } from '@/lib/launcher/decide-access';
import { listUserApplications } from '@/lib/launcher/list-user-applications';
import { listUserConsents } from '@/lib/oidc/consents/list-user-consents';
import { MANAGED_BY_DIRECTORY, passwordManagedByDirectory } from '@/lib/users/directory-password';
import { AppsWithAccess } from './apps-with-access';
import { FactorGuide } from './factor-guide';
import { SecondFactors } from './second-factors';
import { SignInProviders } from './sign-in-providers';
import { RevokeSessionButton, SignOutEverywhere } from './session-actions';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, session } = await requirePage('/(dashboard)/security/page');
  const env = getEnv();
  const db = getDb();
  const params = await searchParams;
  const sessions = await listActiveSessions(db, { userId: user.id, currentSessionId: session.id, idleTimeoutMs: env.session.idleTimeoutMs });
  const factors = await listFactors(db, user.id);
  const { unused } = await countRecoveryCodes(db, user.id);
  const twoFactorRequired = await twoFactorRequiredSomewhere(db);
  const linked = await listLinkedIdentities(db, user.id);
  const consents = await listUserConsents(db, user.id);
  const directoryPassword = await passwordManagedByDirectory(db, user.id);
  const { ip } = await getRequestMeta();
  const needSecondFactor = (await listUserApplications(db, launcherViewer({ user, session }, ip)))
    .filter((app) => app.needs === 'second-factor')
    .map((app) => app.name);
  const providerName = (id: string) => env.signup.providers.find((p) => p.id === id)?.name ?? id;
  // A one-factor session of a user who has a factor: everything here is read-only until the factor is confirmed.
  const confirmFirst = user.hasSecondFactor && session.level !== 'two_factor';
  const locked = (what: string) => (confirmFirst ? <ConfirmFirst what={what} rd="/security" /> : undefined);
  // Sent here because admins must add a second factor first: come back to that admin page afterwards.
  const adminRd = params.required === 'admin' && user.isAdmin && typeof params.rd === 'string' ? safeReturnUrl(params.rd, returnUrlPolicyOf(env)) : null;
  const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Your second factors, and where you are signed in.</p>
      </div>
      {params.required === 'admin' && user.isAdmin && !user.hasSecondFactor && (
        <Alert tone="warning" title="Administrators must use a second factor" testId="admin-enrol-required">
          Add an authenticator app or a security key below before using the admin pages; then you come back where you were.
          {env.smtp
            ? ''
            : ` No mail server is configured: the link we send to start waits in the outbox folder on the server (${env.outboxDir}), where another administrator (Admin → Mail) or whoever runs the server can read it.`}
        </Alert>
      )}
      {params.added === '1' && <Alert tone="success">The second factor is added. You will be asked for it when you sign in.</Alert>}
      {typeof params.removed === 'string' && <Alert tone="success">“{params.removed.slice(0, 60)}” is removed.</Alert>}
      {typeof params.codes === 'string' && (
        <Alert tone="warning" title="You used a recovery code">
          {params.codes === '0' ? 'That was your last one.' : `Only ${params.codes.slice(0, 2)} left.`} Get new recovery codes below.
        </Alert>
      )}
      <Card title="What each one protects" description="What each way of proving it is you is for, and when Gatehouse asks for it.">
        <FactorGuide needSecondFactor={needSecondFactor} />
      </Card>
      {directoryPassword && (
        <Card title="Password">
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="password-managed-by-directory">
            {MANAGED_BY_DIRECTORY}
          </p>
        </Card>
      )}
      <div id="second-factors" className="scroll-mt-4">
        <Card
          title="Second factors"
          description="An authenticator app, a security key or a passkey, asked for after your password. Adding or removing one is confirmed through a link we email you."
        >
          <SecondFactors
            factors={factors.map((f) => ({ id: f.id, kind: f.kind, label: f.label, name: f.name, added: when(f.createdAt), lastUsed: when(f.lastUsedAt) }))}
            recoveryCodes={unused}
            twoFactorRequired={twoFactorRequired}
            readOnly={confirmFirst}
            locked={locked('add, rename or remove second factors, or get new recovery codes')}
            rd={adminRd ?? undefined}
          />
        </Card>
      </div>
      {(env.signup.providers.length > 0 || linked.identities.length > 0) && (
        <Card title="Sign-in providers" description="Providers you can sign in with instead of your password.">
          <SignInProviders
            identities={linked.identities.map((i) => ({
              id: i.id,
              providerName: providerName(i.provider),
              email: i.email,
              added: when(i.createdAt),
              lastUsed: when(i.lastUsedAt),
            }))}
            allowLinking={linked.allowLinking}
            locked={locked('unlink providers or change linking')}
          />
        </Card>
      )}
      <div id="apps" className="scroll-mt-4">
        <Card title="Apps with access" description="Apps you allowed to sign you in with your account, and what each may read.">
          <AppsWithAccess
            apps={consents.map((c) => ({
              clientId: c.client.id,
              clientName: c.client.name,
              appName: c.application.name,
              icon: c.application.icon,
              iconSrc: c.application.iconSrc,
              scopes: c.scopes.map((s) => s.description),
              since: c.since.toISOString(),
            }))}
            readOnly={confirmFirst}
            portalName={env.appName}
          />
          {consents.length > 0 && locked('revoke apps’ access')}
        </Card>
      </div>
      <div id="sessions" className="scroll-mt-4 space-y-6">
        <Card
          title="Active sessions"
          description={`A session ends after ${Math.round(env.session.maxAgeMs / 86_400_000)} days, or sooner after ${Math.round(env.session.idleTimeoutMs / 3_600_000)} hours without use.`}
        >
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Active sessions">
            {sessions.map((s) => {
              const label = `${describeUserAgent(s.userAgent)}${s.ip ? ` from ${s.ip}` : ''}`;
              return (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="session-row">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium">
                      <span title={s.userAgent ?? undefined} data-testid="session-agent">
                        {describeUserAgent(s.userAgent)}
                      </span>
                      {s.ip ? ` from ${s.ip}` : ''} {s.current && <Badge tone="indigo">this browser</Badge>}
                    </p>
                    <p className="text-zinc-600 dark:text-zinc-400">
                      Signed in <Time value={s.createdAt} /> · last active <Time value={s.lastSeenAt} /> · ends <Time value={s.endsAt} />
                    </p>
                  </div>
                  {!confirmFirst && <RevokeSessionButton sessionId={s.id} label={label} current={s.current} />}
                </li>
              );
            })}
          </ul>
          {locked('end sessions')}
        </Card>
        <Card title="Sign out everywhere" description="Ends your sessions in every browser. Use it if you lost a device or signed in on a shared computer.">
          {locked('sign out everywhere') ?? <SignOutEverywhere others={sessions.filter((s) => !s.current).length} />}
        </Card>
      </div>
    </div>
  );
}
