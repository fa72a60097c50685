'use client';
import Link from 'next/link';
import { Field } from '@/components/forms/field';
import { FormAlert } from '@/components/forms/form-alert';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextArea } from '@/components/forms/text-area';
import { useFormKey } from '@/components/forms/use-form-key';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { buttonClasses } from '@/components/ui/button';
import { IDLE } from '@/lib/actions/form-state';
import type { TClientFormFields } from '@/lib/oidc/clients/validate-client-form';
import { OIDC_SCOPE_DESCRIPTIONS, OIDC_SCOPES } from '@/lib/oidc/scopes';
import { createOidcClientAction, updateOidcClientAction } from './actions';
import { Check, CheckGroup, Select } from './client-form-parts';
import { SecretOnce } from './secret-once';

type Props = { applicationId: string; clientId?: string; initial: TClientFormFields; templateLabel: string };

/** Adds a client (then shows its secret once) or edits one. Its type is chosen when it is added. */
export function ClientForm({ applicationId, clientId, initial, templateLabel }: Props) {
  const [state, action] = useGuardedActionState(clientId ? updateOidcClientAction : createOidcClientAction, IDLE);
  const formKey = useFormKey(state);
  const data = state.status === 'success' ? state.data : undefined;
  if (data && typeof data.secret === 'string' && typeof data.clientId === 'string' && typeof data.card === 'string')
    return (
      <SecretOnce
        title={state.message ?? 'The client is added.'}
        clientId={data.clientId}
        secret={data.secret}
        card={data.card}
        doneHref={`/admin/applications/${applicationId}/oidc/${data.clientId}`}
      />
    );
  const e = state.fieldErrors ?? {};
  const v = state.values;
  const text = (name: Exclude<keyof TClientFormFields, 'scopes' | 'requirePkce' | 'idClaims' | 'firstParty'>) => (v ? (v[name] ?? '') : initial[name]);
  const flag = (name: 'requirePkce' | 'idClaims' | 'firstParty') => (v ? v[name] === 'on' : initial[name]);
  const scopes = v ? (v.scopes ?? '').split('\n').filter(Boolean) : initial.scopes;
  const isPublic = text('type') === 'public';
  return (
    <form key={formKey} action={action} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <input type="hidden" name="applicationId" value={applicationId} />
      {clientId && <input type="hidden" name="id" value={clientId} />}
      <input type="hidden" name="template" value={text('template')} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Made from the <span className="font-medium">{templateLabel}</span> template.
      </p>
      <Field
        name="name"
        label="Name"
        defaultValue={text('name')}
        error={e.name}
        required
        maxLength={80}
        description="What admins see, and users on the consent screen."
      />
      {clientId ? (
        <input type="hidden" name="type" value={text('type')} />
      ) : (
        <Select
          name="type"
          label="Type"
          value={text('type')}
          error={e.type}
          options={[
            ['confidential', 'Confidential: a server that keeps a secret (web apps)'],
            ['public', 'Public: a phone or desktop app, no secret, PKCE'],
          ]}
          description="Fixed once the client is added."
        />
      )}
      <Select
        name="authMethod"
        label="How it authenticates at the token endpoint"
        value={text('authMethod')}
        error={e.authMethod}
        options={[
          ['client_secret_basic', 'client_secret_basic (the secret in the Authorization header)'],
          ['client_secret_post', 'client_secret_post (the secret in the request body)'],
          ['none', 'none (public clients: PKCE only)'],
        ]}
      />
      <TextArea
        name="redirectUris"
        label="Redirect URIs"
        defaultValue={text('redirectUris')}
        error={e.redirectUris}
        rows={3}
        description="One per line, exactly as the app sends it (compared character by character). Public clients may also use an app scheme such as x-paperless://oidc-callback or http://127.0.0.1/… (any port)."
      />
      <TextArea
        name="postLogoutRedirectUris"
        label="Addresses after sign-out (optional)"
        defaultValue={text('postLogoutRedirectUris')}
        error={e.postLogoutRedirectUris}
        rows={2}
        description="Where the app may send users after signing them out, one per line, exact."
      />
      <Field
        name="backchannelLogoutUri"
        label="Back-channel logout URI (optional)"
        defaultValue={text('backchannelLogoutUri')}
        error={e.backchannelLogoutUri}
        description="Gatehouse tells the app here when a user signs out: https://, or http:// on this machine or a private network."
      />
      <CheckGroup
        name="scopes"
        legend="Scopes it may ask for"
        values={scopes}
        error={e.scopes}
        options={OIDC_SCOPES.map((scope) => [scope, OIDC_SCOPE_DESCRIPTIONS[scope]])}
      />
      <Check
        name="requirePkce"
        label="Require PKCE (S256)"
        checked={isPublic || flag('requirePkce')}
        error={e.requirePkce}
        description="Always on for public clients. Turn it off only for apps that cannot send it (Gitea, Portainer)."
      />
      <Check
        name="idClaims"
        label="Put the profile, email and groups claims in the ID token too"
        checked={flag('idClaims')}
        error={e.idClaims}
        description="Many apps read the ID token only; the claims are at userinfo either way."
      />
      <Check
        name="firstParty"
        label="First-party: skip the consent screen"
        checked={flag('firstParty')}
        error={e.firstParty}
        description="For your own apps."
      />
      <Select
        name="signingAlg"
        label="ID token signature"
        value={text('signingAlg')}
        error={e.signingAlg}
        options={[
          ['RS256', 'RS256 (every app supports it)'],
          ['ES256', 'ES256'],
        ]}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="accessLifetime" label="Access token lifetime (s)" inputMode="numeric" defaultValue={text('accessLifetime')} error={e.accessLifetime} />
        <Field name="idLifetime" label="ID token lifetime (s)" inputMode="numeric" defaultValue={text('idLifetime')} error={e.idLifetime} />
        <Field name="refreshLifetime" label="Refresh token lifetime (s)" inputMode="numeric" defaultValue={text('refreshLifetime')} error={e.refreshLifetime} />
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel="Saving…">{clientId ? 'Save client' : 'Add client'}</SubmitButton>
        <Link href={`/admin/applications/${applicationId}#oidc`} className={buttonClasses('secondary')}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
