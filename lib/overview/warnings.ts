/**
 * The admin overview's "needs action" list, as a pure function of facts the loader gathers
 * (lib/overview/load-overview.ts), so each rule is testable without a database.
 */
export type OverviewFacts = {
  smtpConfigured: boolean;
  /** Outbox messages whose link is still unused and valid (lib/overview/waiting-mail.ts; only meaningful without SMTP). */
  outboxMessagesWaiting: number;
  paperless: { configured: boolean; lastCheckOk: boolean | null; checkedAt: string | null };
  /** Usernames of active admins with no second factor. */
  adminsWithoutSecondFactor: string[];
  defaultPolicy: string;
};

export type OverviewWarning = { id: 'mail' | 'paperless' | 'admin_2fa' | 'default_policy'; title: string; detail: string; href: string; linkLabel: string };

export function overviewWarnings(facts: OverviewFacts): OverviewWarning[] {
  const warnings: OverviewWarning[] = [];
  if (!facts.smtpConfigured && facts.outboxMessagesWaiting > 0) {
    const n = facts.outboxMessagesWaiting;
    warnings.push({
      id: 'mail',
      title: 'Mail is not being delivered',
      detail: `No SMTP server is configured, so mail stays in the outbox. ${n === 1 ? '1 message there carries a link' : `${n} messages there carry a link`} (password, sign-in or second-factor) that is still unused and valid: ${n === 1 ? 'its recipient is' : 'their recipients are'} waiting for it. Pass the link on; this clears once the links are used or expire.`,
      href: '/admin/mail',
      linkLabel: 'Open the outbox',
    });
  }
  if (facts.paperless.configured && facts.paperless.lastCheckOk === false) {
    warnings.push({
      id: 'paperless',
      title: 'Paperless-ngx is unreachable or misconfigured',
      detail: `The last connection check${facts.paperless.checkedAt ? ` (${facts.paperless.checkedAt.slice(0, 16).replace('T', ' ')} UTC)` : ''} failed.`,
      href: '/admin/paperless',
      linkLabel: 'Check the connection',
    });
  }
  if (facts.adminsWithoutSecondFactor.length > 0) {
    const names = facts.adminsWithoutSecondFactor;
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
    warnings.push({
      id: 'admin_2fa',
      title: names.length === 1 ? 'An administrator has no second factor' : `${names.length} administrators have no second factor`,
      detail: `${shown}: a stolen password is enough to take over the whole portal.`,
      href: names.length === 1 ? `/admin/users?q=${encodeURIComponent(names[0]!)}` : '/admin/users',
      linkLabel: names.length === 1 ? 'Open the user' : 'Open the users',
    });
  }
  if (facts.defaultPolicy === 'bypass') {
    warnings.push({
      id: 'default_policy',
      title: 'The default access policy is bypass',
      detail: 'Any request no rule matches reaches the app without signing in.',
      href: '/admin/rules',
      linkLabel: 'Review the access rules',
    });
  }
  return warnings;
}

/** Failed sign-ins per hour: 24 buckets, oldest first, the last ending at `now` (rounded up to the hour). */
export function hourBuckets(now: Date, hours = 24): { start: Date; end: Date }[] {
  const end = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return Array.from({ length: hours }, (_, i) => ({
    start: new Date(end.getTime() - (hours - i) * 3_600_000),
    end: new Date(end.getTime() - (hours - i - 1) * 3_600_000),
  }));
}
