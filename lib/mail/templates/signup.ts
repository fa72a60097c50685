/** Mails of the signup flow: the request received, the admins' notice, the decision, email sign-in links, invitations. */
import { formatDuration } from '../../duration';
import { renderMail, type RenderedMail } from './layout';

export function signupReceivedMail(input: { appName: string; displayName: string }): RenderedMail {
  return renderMail({
    appName: input.appName,
    subject: `${input.appName}: we received your request`,
    greeting: `Hello ${input.displayName},`,
    paragraphs: [
      `We received your request for an account at ${input.appName}. An administrator will look at it; you will get an email when they have decided.`,
      'If you did not ask for an account, you can ignore this email.',
    ],
  });
}

export function signupAdminNoticeMail(input: {
  appName: string;
  who: { displayName: string; email: string; method: string; ip: string | null; emailVerified: boolean };
  queueUrl: string;
}): RenderedMail {
  return renderMail({
    appName: input.appName,
    subject: `${input.appName}: ${input.who.displayName} asks for an account`,
    greeting: 'Hello,',
    paragraphs: [
      `${input.who.displayName} <${input.who.email}> signed in for the first time (${input.who.method}${input.who.ip ? ` from ${input.who.ip}` : ''}) and waits for your approval.`,
      ...(input.who.emailVerified
        ? []
        : ['Careful: the sign-in provider did NOT confirm that this email address belongs to them. Anyone can type any address there.']),
      'They can use nothing until an administrator approves them.',
    ],
    action: { label: 'Open the approval queue', url: input.queueUrl },
  });
}

export function signupDecisionMail(input: {
  appName: string;
  displayName: string;
  approved: boolean;
  reason?: string | null;
  signInUrl: string;
}): RenderedMail {
  return input.approved
    ? renderMail({
        appName: input.appName,
        subject: `${input.appName}: your account is ready`,
        greeting: `Hello ${input.displayName},`,
        paragraphs: ['An administrator approved your account. Sign in the way you signed up.'],
        action: { label: 'Sign in', url: input.signInUrl },
      })
    : renderMail({
        appName: input.appName,
        subject: `${input.appName}: your request was declined`,
        greeting: `Hello ${input.displayName},`,
        paragraphs: [
          'An administrator declined your request for an account.',
          ...(input.reason ? [`Their reason: ${input.reason}`] : []),
          'If you think this is a mistake, contact the administrator directly.',
        ],
      });
}

export function emailSignInMail(input: { appName: string; url: string; ttlMs: number }): RenderedMail {
  return renderMail({
    appName: input.appName,
    subject: `${input.appName}: your sign-in link`,
    greeting: 'Hello,',
    paragraphs: [
      `Someone (hopefully you) asked to sign in to ${input.appName} with this email address. The link works once and expires in ${formatDuration(input.ttlMs)}.`,
      'If you did not ask for it, ignore this email: nothing happens unless the link is opened and its button pressed.',
    ],
    action: { label: 'Sign in', url: input.url },
  });
}

export function invitationMail(input: { appName: string; inviter: string; signInUrl: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    appName: input.appName,
    subject: `${input.appName}: you are invited`,
    greeting: 'Hello,',
    paragraphs: [
      `${input.inviter} invited you to ${input.appName}. Sign in with this email address — through any of the buttons on the sign-in page, or an emailed link — and your account is ready at once.`,
      `The invitation expires on ${input.expiresAt.toISOString().slice(0, 10)}.`,
    ],
    action: { label: 'Go to the sign-in page', url: input.signInUrl },
  });
}
