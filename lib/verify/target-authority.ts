/**
 * The authority of a target (`host[:port]`), canonical or refused: linear in the input, every
 * character visited once (forwarded-request.ts builds the whole target around it).
 */
import { fail, hexValue, isVisible, REFUSAL, type Fail } from './target-syntax';

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/** A dotted-decimal IPv4 address exactly as it is canonically written (no leading zeros, 0–255). */
function isDottedQuad(host: string): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      digits++;
      if (digits > 3) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** "0x7f", "017", "1": a label a URL parser reads as a number (WHATWG "ends in a number"). */
function isNumericLabel(s: string, start: number, end: number): boolean {
  if (start >= end) return false;
  let i = start;
  if (end - start >= 2 && s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78) {
    for (i += 2; i < end; i++) if (hexValue(s.charCodeAt(i)) < 0) return false;
    return true;
  }
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export type HostPort = { host: string; port: string };

/** Whether "@" occurs in [start, end): only asked on the way to a refusal, for a clearer reason. */
function hasAt(s: string, start: number, end: number): boolean {
  const at = s.indexOf('@', start);
  return at >= 0 && at < end;
}

/**
 * `host[:port]` from `start` to `end`, canonical, or why it is refused: a DNS name of LDH labels
 * (one trailing dot dropped), a dotted-decimal IPv4 address or a bracketed IPv6 literal;
 * lower-cased; the scheme's default port elided.
 */
export function scanAuthority(s: string, start: number, end: number, scheme: 'http' | 'https'): HostPort | Fail {
  if (start >= end) return fail(REFUSAL.missingHost);
  let host: string;
  let i: number;
  if (s.charCodeAt(start) === 0x5b) {
    const close = s.indexOf(']', start);
    if (close < 0 || close >= end) return fail(REFUSAL.ipv6);
    for (let j = start + 1; j < close; j++) {
      const c = s.charCodeAt(j);
      if (hexValue(c) < 0 && c !== 0x3a && c !== 0x2e) return fail(REFUSAL.ipv6);
    }
    // Rare: the URL parser validates and compresses the literal ([0:0::1] → [::1]).
    try {
      host = new URL(`http://${s.slice(start, close + 1)}/`).hostname;
    } catch {
      return fail(REFUSAL.ipv6);
    }
    i = close + 1;
  } else {
    let labelStart = start;
    let lastLabelStart = start;
    for (i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x2e) {
        if (i === labelStart) return fail(REFUSAL.emptyLabel);
        if (s.charCodeAt(i - 1) === 0x2d) return fail(REFUSAL.hyphen);
        lastLabelStart = labelStart;
        labelStart = i + 1;
      } else if (c === 0x3a) {
        break;
      } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) {
        if (c === 0x2d && i === labelStart) return fail(REFUSAL.hyphen);
        if (i - labelStart >= MAX_LABEL_LENGTH) return fail(REFUSAL.longLabel);
      } else if (!isVisible(c)) {
        return fail(REFUSAL.rawByte);
      } else {
        return fail(hasAt(s, start, end) ? REFUSAL.userinfo : REFUSAL.hostCharacter);
      }
    }
    let hostEnd = i;
    if (hostEnd === start) return fail(REFUSAL.missingHost);
    if (labelStart === hostEnd) {
      // One trailing dot: "a.example." is "a.example" (a second one was an empty label above).
      hostEnd--;
      labelStart = lastLabelStart;
      if (hostEnd === start) return fail(REFUSAL.emptyLabel);
    } else if (s.charCodeAt(hostEnd - 1) === 0x2d) {
      return fail(REFUSAL.hyphen);
    }
    if (hostEnd - start > MAX_HOST_LENGTH) return fail(REFUSAL.longHost);
    host = s.slice(start, hostEnd).toLowerCase();
    if (isNumericLabel(s, labelStart, hostEnd) && !isDottedQuad(host)) return fail(REFUSAL.numericHost);
  }
  if (i === end) return { host, port: '' };
  if (s.charCodeAt(i) !== 0x3a) return fail(hasAt(s, start, end) ? REFUSAL.userinfo : REFUSAL.hostCharacter);
  // ":" then 1–5 digits, 1–65535.
  let value = 0;
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return fail(hasAt(s, start, end) ? REFUSAL.userinfo : isVisible(c) ? REFUSAL.port : REFUSAL.rawByte);
    value = value * 10 + (c - 0x30);
  }
  const digits = end - i - 1;
  if (digits < 1 || digits > 5 || value < 1 || value > 65535) return fail(REFUSAL.port);
  const isDefault = (scheme === 'https' && value === 443) || (scheme === 'http' && value === 80);
  return { host, port: isDefault ? '' : String(value) };
}
