'use client';
import Link from 'next/link';
import { useState } from 'react';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { Alert } from '@/components/ui/alert';
import { type FormState, IDLE } from '@/lib/actions/form-state';
import type { SettingField } from '@/lib/settings/load-settings-view';
import { savePortalSettingsAction } from './actions';
import { FixedValue, isFixed } from './fixed-value';

type Props = { url: SettingField; cookieDomain: SettingField; current: { url: string; cookieDomain: string } };

/** Public URL and cookie domain; a change with consequences is shown first and saved on "Save anyway". */
export function PortalForm({ url, cookieDomain, current }: Props) {
  const [state, action] = useGuardedActionState(savePortalSettingsAction, IDLE);
  // The warnings hold for the values they were computed for: typing again (or Cancel) puts them away.
  const [edited, setEdited] = useState(0);
  const [seen, setSeen] = useState<{ state: FormState; at: number } | null>(null);
  if (seen?.state !== state) setSeen({ state, at: edited });
  const data = state.data;
  const confirming = data?.needsConfirmation === true && (seen?.state !== state || seen.at === edited);
  const values = state.values ?? {};
  return (
    <form action={action} className="max-w-xl space-y-4" noValidate data-testid="portal-form" onInput={() => setEdited((n) => n + 1)}>
      <FormAlert state={state} />
      {isFixed(url.source) ? (
        <FixedValue label="Public URL" variable="GATEHOUSE_URL" source={url.source} value={url.value} />
      ) : (
        <Field
          name="url"
          label="Public URL"
          type="url"
          defaultValue={values.url ?? (url.value || current.url)}
          error={state.fieldErrors?.url}
          description="The address people open, such as https://auth.example.com. https:// is required unless the host is this machine (or GATEHOUSE_ALLOW_HTTP is set)."
        />
      )}
      {isFixed(cookieDomain.source) ? (
        <FixedValue label="Cookie domain" variable="GATEHOUSE_COOKIE_DOMAIN" source={cookieDomain.source} value={cookieDomain.value} />
      ) : (
        <Field
          name="cookieDomain"
          label="Cookie domain (optional)"
          defaultValue={values.cookieDomain ?? (cookieDomain.value || current.cookieDomain)}
          error={state.fieldErrors?.cookieDomain}
          description="The portal's host or a parent domain (example.com), so one sign-in covers the apps under it. Empty: the portal's host only."
        />
      )}
      {confirming && data ? (
        <Alert tone="warning" title="Before you save, this changes:" testId="portal-impact">
          <ul className="list-disc space-y-1 pl-5">
            {data.signsEveryoneOut ? (
              <li data-testid="impact-sign-out">
                Everyone is signed out ({Number(data.activeSessions)} active session{data.activeSessions === 1 ? '' : 's'}): their cookies belong to the old
                domain.
              </li>
            ) : null}
            {data.relyingPartyChanges ? (
              <li data-testid="impact-passkeys">
                The WebAuthn relying party changes from {String(data.rpIdBefore)} to {String(data.rpIdAfter)}: {Number(data.webauthnCredentials)} passkey
                {data.webauthnCredentials === 1 ? ' or security key stops' : 's and security keys stop'} working and must be added again.
              </li>
            ) : null}
            {data.proxyConfigChanges ? (
              <li data-testid="impact-proxy">
                The proxy configuration names the old address: generate it again in{' '}
                <Link href="/admin/proxy" className="font-medium underline">
                  Proxy setup
                </Link>{' '}
                and reload the proxy.
              </li>
            ) : null}
          </ul>
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {confirming ? (
          <>
            <SubmitButton name="confirm" value="yes" pendingLabel="Saving…">
              Save anyway
            </SubmitButton>
            <button type="button" className="text-sm underline" onClick={() => setEdited((n) => n + 1)}>
              Cancel
            </button>
          </>
        ) : (
          <SubmitButton pendingLabel="Checking…">Save address</SubmitButton>
        )}
      </div>
    </form>
  );
}
