import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { loadSettingsView } from '@/lib/settings/load-settings-view';
import { MailForm } from './mail-form';
import { PortalForm } from './portal-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { user } = await requirePage('/(dashboard)/admin/settings/page');
  const view = await loadSettingsView(getDb());
  const { fields, smtp } = view;
  const security = !smtp
    ? 'auto'
    : fields.GATEHOUSE_SMTP_SECURE.value === 'true'
      ? 'tls'
      : fields.GATEHOUSE_SMTP_STARTTLS.value === 'true'
        ? 'starttls'
        : fields.GATEHOUSE_SMTP_SECURE.value === 'false'
          ? 'opportunistic'
          : 'auto';
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Stored in the database and applied at once, without a restart. A value set in the environment or the env file wins and is shown as fixed.
        </p>
      </div>
      {view.problems.map((problem) => (
        <Alert key={problem} tone="warning">
          {problem}
        </Alert>
      ))}
      <Card
        title="Public URL and cookie domain"
        description={`Now: ${view.url}${view.cookieDomain ? `, cookie on ${view.cookieDomain}` : ', cookie on this host only'}.`}
      >
        <PortalForm
          url={fields.GATEHOUSE_URL}
          cookieDomain={fields.GATEHOUSE_COOKIE_DOMAIN}
          current={{ url: view.url, cookieDomain: view.cookieDomain ?? '' }}
        />
      </Card>
      <Card
        title="Mail"
        description={
          smtp
            ? `Now: SMTP ${smtp.host}:${smtp.port}, from ${view.mailFrom}.`
            : `Now: kept in the outbox${view.mailMode === 'outbox' ? ' (chosen)' : ''}, from ${view.mailFrom}.`
        }
      >
        <div id="mail">
          <MailForm
            fields={fields}
            mode={smtp || view.mailMode !== 'outbox' ? 'smtp' : 'outbox'}
            security={security}
            tlsVerify={smtp ? smtp.rejectUnauthorized : true}
            passwordSet={view.passwordSet}
            mailFrom={view.mailFrom}
            defaultTo={user.email}
          />
        </div>
      </Card>
    </div>
  );
}
