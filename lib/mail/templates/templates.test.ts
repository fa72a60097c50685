import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMail } from './layout';
import { passwordLinkMail } from './password-link';
import { testMail } from './test-email';

const DAY = 86_400_000;

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes ampersands first, so entities are not half-escaped', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('Jürgen 李 🙂 plain text / = ;')).toBe('Jürgen 李 🙂 plain text / = ;');
    expect(escapeHtml('')).toBe('');
  });
});

describe('renderMail', () => {
  const url = 'https://auth.example.com/password/abc?x=1&y="2"';
  const mail = renderMail({
    appName: 'Gatehouse',
    subject: 'Hello',
    greeting: 'Hello Anna,',
    paragraphs: ['First paragraph.', 'Second <b>paragraph</b>.'],
    action: { label: 'Choose a password', url },
  });

  it('keeps the subject', () => {
    expect(mail.subject).toBe('Hello');
  });

  it('puts the URL on its own line in the text part', () => {
    expect(mail.text.split('\n')).toContain(url);
    expect(mail.text).toContain('Choose a password:');
    expect(mail.text).toContain('Second <b>paragraph</b>.');
    expect(mail.text.trim().endsWith('— Gatehouse')).toBe(true);
  });

  it('puts an escaped href in the HTML part', () => {
    expect(mail.html).toContain(`href="${escapeHtml(url)}"`);
    expect(mail.html).toContain('href="https://auth.example.com/password/abc?x=1&amp;y=&quot;2&quot;"');
    expect(mail.html).not.toContain(url);
  });

  it('escapes paragraphs in the HTML part', () => {
    expect(mail.html).toContain('<p>Second &lt;b&gt;paragraph&lt;/b&gt;.</p>');
    expect(mail.html).not.toContain('<b>');
  });

  it('uses a custom footer', () => {
    const custom = renderMail({ appName: 'G', subject: 's', greeting: 'Hi', paragraphs: [], footer: 'Bye <3' });
    expect(custom.text.endsWith('Bye <3')).toBe(true);
    expect(custom.html).toContain('Bye &lt;3');
  });

  it('has no button without an action', () => {
    const plain = renderMail({ appName: 'G', subject: 's', greeting: 'Hi', paragraphs: ['p'] });
    expect(plain.html).not.toContain('<a ');
    expect(plain.text).not.toContain('http');
  });

  it('escapes the app name', () => {
    const odd = renderMail({ appName: '<Evil & Co>', subject: 's', greeting: 'Hi', paragraphs: [] });
    expect(odd.html).toContain('&lt;Evil &amp; Co&gt;');
    expect(odd.html).not.toContain('<Evil');
  });
});

describe('passwordLinkMail', () => {
  const base = {
    appName: 'Gatehouse',
    displayName: 'Anna Berg',
    username: 'anna',
    url: 'https://auth.example.com/password/tok_123',
    ttlMs: 2 * DAY,
  };

  it('has a different subject for a new and an existing account', () => {
    const created = passwordLinkMail({ ...base, isNewAccount: true });
    const reset = passwordLinkMail({ ...base, isNewAccount: false });
    expect(created.subject).not.toBe(reset.subject);
    expect(created.subject).toBe('Your Gatehouse account is ready: choose a password');
    expect(reset.subject).toBe('Set a new Gatehouse password');
  });

  it('mentions the expiry and the username', () => {
    for (const isNewAccount of [true, false]) {
      const mail = passwordLinkMail({ ...base, isNewAccount });
      expect(mail.text).toContain('expires in 2 days');
      expect(mail.html).toContain('expires in 2 days');
      expect(mail.text).toContain('"anna"');
    }
    expect(passwordLinkMail({ ...base, ttlMs: 90 * 60_000, isNewAccount: false }).text).toContain('expires in 1 hour 30 minutes');
  });

  it('contains the link in both parts', () => {
    const mail = passwordLinkMail({ ...base, isNewAccount: true });
    expect(mail.text).toContain(base.url);
    expect(mail.html).toContain(`href="${base.url}"`);
  });

  it('escapes a hostile display name in the HTML part', () => {
    const mail = passwordLinkMail({ ...base, displayName: '<script>alert(1)</script>', isNewAccount: true });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(mail.text).toContain('Hello <script>alert(1)</script>,');
  });

  it('escapes a hostile username in the HTML part', () => {
    const mail = passwordLinkMail({ ...base, username: '"><img src=x onerror=alert(1)>', isNewAccount: false });
    expect(mail.html).not.toContain('<img');
  });
});

describe('testMail', () => {
  it('names the app, the requester and the time', () => {
    const mail = testMail({ appName: 'Gatehouse', requestedBy: 'admin', via: 'through smtp.example.com', sentAt: new Date('2025-03-04T05:06:07.000Z') });
    expect(mail.subject).toBe('Gatehouse test email');
    expect(mail.text).toContain('sent by admin at 2025-03-04T05:06:07.000Z');
    expect(mail.text).toContain('delivered through smtp.example.com');
    expect(mail.html).not.toContain('<a ');
  });
});
