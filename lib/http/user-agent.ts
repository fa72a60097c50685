/**
 * A short, human description of a User-Agent header for session lists and the audit log
 * ("Firefox on Linux", "Safari on iPhone", "Paperparrot app", "curl"). Browsers are recognised by
 * Bowser (a maintained parser, MIT); the Paperless apps and command-line tools by name. The raw
 * header stays available to callers for a tooltip.
 */
import { parse } from 'bowser';

export const UNKNOWN_AGENT = 'Unknown browser';

/** The Paperless-ngx apps Gatehouse issues app tokens to (app/(dashboard)/tokens), as they name themselves. */
const PAPERLESS_APPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/paperparrot/i, 'Paperparrot'],
  [/swift[\s_-]?paperless/i, 'Swift Paperless'],
  [/paperless[\s_-]?mobile/i, 'Paperless Mobile'],
];

/** Bowser's names, shortened where a session list has no room for the long form. */
const BROWSER_NAMES: Readonly<Record<string, string>> = {
  'Microsoft Edge': 'Edge',
  'Samsung Internet for Android': 'Samsung Internet',
  'Internet Explorer': 'Internet Explorer',
};

const OS_NAMES: Readonly<Record<string, string>> = { 'Chrome OS': 'ChromeOS' };

/** The first product token of a non-browser agent ("curl/8.5.0" → "curl"). */
const PRODUCT = /^([A-Za-z][\w.+-]{0,39})\//;

function osOf(result: ReturnType<typeof parse>): string | null {
  const name = result.os.name;
  if (!name) return null;
  // An iPhone or iPad says which; "iOS" is the fallback for an iPod or an unknown model.
  if (name === 'iOS' && (result.platform.model === 'iPhone' || result.platform.model === 'iPad')) return result.platform.model;
  return OS_NAMES[name] ?? name;
}

function browserOf(result: ReturnType<typeof parse>): string | null {
  const name = result.browser.name;
  // Bowser falls back to the first product token; "Mozilla" alone names no browser.
  if (!name || name === 'Mozilla') return null;
  return BROWSER_NAMES[name] ?? name;
}

export function describeUserAgent(ua: string | null | undefined): string {
  const header = ua?.trim();
  if (!header) return UNKNOWN_AGENT;
  const result = parse(header);
  const os = osOf(result);
  const app = PAPERLESS_APPS.find(([pattern]) => pattern.test(header));
  if (app) return os ? `${app[1]} app on ${os}` : `${app[1]} app`;
  // Browsers send "Mozilla/5.0 (…)" (old Opera "Opera/9.80"); anything else is a program that names
  // itself first, and Bowser's guess for it would be a fragment of the header.
  if (/^(Mozilla|Opera)\//.test(header)) {
    const browser = browserOf(result);
    if (browser && os) return `${browser} on ${os}`;
    if (browser) return browser;
    if (os) return `${UNKNOWN_AGENT} on ${os}`;
    return UNKNOWN_AGENT;
  }
  const product = PRODUCT.exec(header);
  return product?.[1] ?? UNKNOWN_AGENT;
}
