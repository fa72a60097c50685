/**
 * Every mail Gatehouse sends, rendered with sample data for the templates preview on
 * /admin/mail (text on the page, HTML through /api/admin/mail/templates/<id>/html).
 * A new template in lib/mail/templates belongs here too.
 */
import type { RenderedMail } from '@/lib/mail/templates/layout';
import { passwordLinkMail } from '@/lib/mail/templates/password-link';
import { factorChangeLinkMail, factorChangeMail } from '@/lib/mail/templates/second-factor';
import { emailSignInMail, invitationMail, signupAdminNoticeMail, signupDecisionMail, signupReceivedMail } from '@/lib/mail/templates/signup';
import { testMail } from '@/lib/mail/templates/test-email';

export type TemplateSample = { id: string; label: string; when: string; render: (ctx: { appName: string; url: string }) => RenderedMail };

const HOUR = 3_600_000;
const sampleToken = 'SAMPLE-LINK-NOT-VALID';

export const TEMPLATE_SAMPLES: TemplateSample[] = [
  {
    id: 'password-new',
    label: 'Password link (new account)',
    when: 'An admin creates an account.',
    render: ({ appName, url }) =>
      passwordLinkMail({
        appName,
        displayName: 'Anna Example',
        username: 'anna',
        url: `${url}/set-password/${sampleToken}`,
        ttlMs: 72 * HOUR,
        isNewAccount: true,
      }),
  },
  {
    id: 'password-reset',
    label: 'Password link (reset)',
    when: 'An admin sends a password-set link.',
    render: ({ appName, url }) =>
      passwordLinkMail({
        appName,
        displayName: 'Anna Example',
        username: 'anna',
        url: `${url}/set-password/${sampleToken}`,
        ttlMs: 24 * HOUR,
        isNewAccount: false,
      }),
  },
  {
    id: 'device-link',
    label: 'Device link',
    when: 'A user adds a second factor from another device.',
    render: ({ appName, url }) =>
      factorChangeLinkMail({ appName, displayName: 'Anna Example', action: 'add_webauthn', url: `${url}/device-link/${sampleToken}`, ttlMs: 15 * 60_000 }),
  },
  {
    id: 'factor-added',
    label: 'Second factor added',
    when: 'A second factor is added to an account.',
    render: ({ appName, url }) =>
      factorChangeMail({ appName, displayName: 'Anna Example', change: 'added', factorName: 'YubiKey 5C', securityUrl: `${url}/security` }),
  },
  {
    id: 'factor-removed',
    label: 'Second factor removed',
    when: 'A second factor is removed.',
    render: ({ appName, url }) =>
      factorChangeMail({ appName, displayName: 'Anna Example', change: 'removed', factorName: 'Phone', securityUrl: `${url}/security` }),
  },
  {
    id: 'factor-reset',
    label: 'Second factors reset',
    when: 'An admin resets a user\u2019s second factors.',
    render: ({ appName, url }) => factorChangeMail({ appName, displayName: 'Anna Example', change: 'reset', securityUrl: `${url}/security` }),
  },
  {
    id: 'recovery-code-used',
    label: 'Recovery code used',
    when: 'A recovery code signs someone in.',
    render: ({ appName, url }) =>
      factorChangeMail({ appName, displayName: 'Anna Example', change: 'recovery_code_used', remaining: 7, securityUrl: `${url}/security` }),
  },
  {
    id: 'test-email',
    label: 'Test email',
    when: 'An admin sends a test email from this page.',
    render: ({ appName }) => testMail({ appName, requestedBy: 'admin', via: 'through SMTP', sentAt: new Date('2025-01-01T12:00:00Z') }),
  },
  {
    id: 'signup-received',
    label: 'Signup received',
    when: 'Someone asks for an account.',
    render: ({ appName }) => signupReceivedMail({ appName, displayName: 'Ben Sample' }),
  },
  {
    id: 'signup-admin-notice',
    label: 'Signup: notice to admins',
    when: 'A signup waits for approval.',
    render: ({ appName, url }) =>
      signupAdminNoticeMail({
        appName,
        who: { displayName: 'Ben Sample', email: 'ben@example.com', method: 'GitHub', ip: '198.51.100.7', emailVerified: false },
        queueUrl: `${url}/admin/signups`,
      }),
  },
  {
    id: 'signup-approved',
    label: 'Signup approved',
    when: 'An admin approves a signup.',
    render: ({ appName, url }) => signupDecisionMail({ appName, displayName: 'Ben Sample', approved: true, signInUrl: `${url}/sign-in` }),
  },
  {
    id: 'signup-rejected',
    label: 'Signup declined',
    when: 'An admin rejects a signup.',
    render: ({ appName, url }) =>
      signupDecisionMail({
        appName,
        displayName: 'Ben Sample',
        approved: false,
        reason: 'We only give accounts to family members.',
        signInUrl: `${url}/sign-in`,
      }),
  },
  {
    id: 'email-sign-in',
    label: 'Email sign-in link',
    when: 'Someone signs in with an emailed link.',
    render: ({ appName, url }) => emailSignInMail({ appName, url: `${url}/sign-in/email/${sampleToken}`, ttlMs: 15 * 60_000 }),
  },
  {
    id: 'invitation',
    label: 'Invitation',
    when: 'An admin invites an email address.',
    render: ({ appName, url }) => invitationMail({ appName, inviter: 'admin', signInUrl: `${url}/sign-in`, expiresAt: new Date('2025-01-15T00:00:00Z') }),
  },
];

export function findTemplateSample(id: string): TemplateSample | undefined {
  return TEMPLATE_SAMPLES.find((t) => t.id === id);
}
