import { formatDuration } from '../../duration';
import { renderMail, type RenderedMail } from './layout';

export function passwordLinkMail(input: {
  appName: string;
  displayName: string;
  username: string;
  url: string;
  ttlMs: number;
  isNewAccount: boolean;
}): RenderedMail {
  return renderMail({
    appName: input.appName,
    subject: input.isNewAccount ? `Your ${input.appName} account is ready: choose a password` : `Set a new ${input.appName} password`,
    greeting: `Hello ${input.displayName},`,
    paragraphs: [
      input.isNewAccount
        ? `An administrator created a ${input.appName} account for you. Your username is "${input.username}".`
        : `An administrator sent you a link to set a new password for "${input.username}".`,
      `Open the link below to choose your password. It works once and expires in ${formatDuration(input.ttlMs)}.`,
      'If you did not expect this email, you can ignore it.',
    ],
    action: { label: 'Choose a password', url: input.url },
  });
}
