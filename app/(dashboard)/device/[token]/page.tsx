import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { requirePage } from '@/lib/auth/current-session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/config';
import { readBrowserId } from '@/lib/mfa/browser-id';
import { FACTOR_CHANGE_LINK_PROBLEMS, inspectFactorChangeLink } from '@/lib/mfa/inspect-factor-change-link';
import { ConfirmFactorChange } from './confirm-form';

export const metadata: Metadata = { title: 'Confirm a change to your second factors' };

const WHAT = {
  add_totp: { title: 'Add an authenticator app', text: 'Next you scan a QR code with your app and type the code it shows.', button: 'Continue', danger: false },
  add_webauthn: {
    title: 'Add a security key or passkey',
    text: 'Next your browser asks for your security key, or to create a passkey.',
    button: 'Continue',
    danger: false,
  },
  remove_factor: { title: 'Remove a second factor', text: 'It stops working at once.', button: 'Remove it', danger: true },
  recovery_codes: {
    title: 'Get new recovery codes',
    text: 'Your current recovery codes stop working and ten new ones are shown once.',
    button: 'Make new codes',
    danger: false,
  },
} as const;

/**
 * The page behind an emailed factor-change link. Opening it changes nothing (mail scanners open links
 * too); it says what the link is for, or why it cannot be used, and acts on the button.
 */
export default async function FactorChangeLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { user } = await requirePage('/(dashboard)/device/[token]/page');
  const { token } = await params;
  const db = getDb();
  const state = await inspectFactorChangeLink(db, { token, userId: user.id, browserId: await readBrowserId() });
  if (state.status !== 'ok') {
    const problem = FACTOR_CHANGE_LINK_PROBLEMS[state.status];
    return (
      <Card title={problem.title}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="device-link-problem">
          {problem.message}
        </p>
        <Link href="/security" className="mt-4 inline-block text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-400">
          Go to the Security page
        </Link>
      </Card>
    );
  }
  const what = WHAT[state.action];
  const factor = state.factorId ? await db.secondFactor.findFirst({ where: { id: state.factorId, userId: user.id }, select: { name: true } }) : null;
  return (
    <Card title={what.title} description={factor ? `“${factor.name}”. ${what.text}` : what.text}>
      <ConfirmFactorChange token={token} label={what.button} danger={what.danger} appName={getEnv().appName} username={user.username} />
    </Card>
  );
}
