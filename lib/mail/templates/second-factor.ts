import { formatDuration } from '../../duration';
import { renderMail, type RenderedMail } from './layout';

export type FactorChangeAction = 'add_totp' | 'add_webauthn' | 'remove_factor' | 'recovery_codes';

const WHAT: Record<FactorChangeAction, { subject: string; sentence: string; button: string }> = {
  add_totp: { subject: 'Add an authenticator app', sentence: 'You asked to add an authenticator app as a second factor.', button: 'Add the authenticator app' },
  add_webauthn: {
    subject: 'Add a security key or passkey',
    sentence: 'You asked to add a security key or passkey as a second factor.',
    button: 'Add the security key or passkey',
  },
  remove_factor: { subject: 'Remove a second factor', sentence: 'You asked to remove a second factor from your account.', button: 'Review the removal' },
  recovery_codes: {
    subject: 'Get new recovery codes',
    sentence: 'You asked for new recovery codes. The old ones will stop working.',
    button: 'Get new recovery codes',
  },
};

export function factorChangeLinkMail(input: {
  appName: string;
  displayName: string;
  action: FactorChangeAction;
  url: string;
  ttlMs: number;
  factorName?: string;
}): RenderedMail {
  const what = WHAT[input.action];
  return renderMail({
    appName: input.appName,
    subject: `${input.appName}: ${what.subject.toLowerCase()}`,
    greeting: `Hello ${input.displayName},`,
    paragraphs: [
      input.factorName ? `${what.sentence} ("${input.factorName}")` : what.sentence,
      `Open the link below in the same browser where you asked for it. It works once and expires in ${formatDuration(input.ttlMs)}.`,
      'If you did not ask for this, ignore this email and consider changing your password: someone may be signed in as you.',
    ],
    action: { label: what.button, url: input.url },
  });
}

export function factorChangeMail(input: {
  appName: string;
  displayName: string;
  change: 'added' | 'removed' | 'reset' | 'recovery_code_used';
  factorName?: string;
  securityUrl: string;
  remaining?: number;
}): RenderedMail {
  const lines: Record<typeof input.change, [string, string]> = {
    added: ['A second factor was added', `A second factor ("${input.factorName}") was added to your account.`],
    removed: ['A second factor was removed', `The second factor "${input.factorName}" was removed from your account.`],
    reset: [
      'Your second factors were reset',
      'An administrator removed all second factors and recovery codes from your account. Set up a new one on the Security page.',
    ],
    recovery_code_used: [
      'A recovery code was used',
      `A recovery code was used to sign in to your account. ${input.remaining ?? 0} unused code${input.remaining === 1 ? '' : 's'} left.`,
    ],
  };
  const [subject, sentence] = lines[input.change];
  return renderMail({
    appName: input.appName,
    subject: `${input.appName}: ${subject.toLowerCase()}`,
    greeting: `Hello ${input.displayName},`,
    paragraphs: [sentence, 'If this was not you, sign in, end the sessions you do not recognise and change your password, or tell your administrator.'],
    action: { label: 'Open the Security page', url: input.securityUrl },
  });
}
