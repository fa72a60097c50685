import { renderMail, type RenderedMail } from './layout';

export function testMail(input: { appName: string; requestedBy: string; via: string; sentAt: Date }): RenderedMail {
  return renderMail({
    appName: input.appName,
    subject: `${input.appName} test email`,
    greeting: 'Hello,',
    paragraphs: [
      `This is a test email sent by ${input.requestedBy} at ${input.sentAt.toISOString()}.`,
      `It was delivered ${input.via}. If you are reading it, mail from ${input.appName} works.`,
    ],
  });
}
