/**
 * Shapes of access rules as admins enter them, shared by the rule form (client) and the
 * Authelia import (server). Nothing server-only here.
 */
import { z } from 'zod';
import { parseNetwork } from './parse-network';
import { prefixProblem } from './path-prefix';
import { regexProblem } from './regex-problem';
import { POLICIES } from './types';

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
  // WebDAV, for Nextcloud-style apps behind the portal.
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'REPORT',
] as const;
const KNOWN_METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/** Lists longer than this are a mistake or an attack, and would slow every verify call. */
const MAX_ITEMS = 50;

// Control characters (C0, DEL, C1).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const SUBJECT = /^(user|group):[a-z0-9][a-z0-9._-]{0,63}$/;

// Length limits abort before any message quotes the input, so a 10 000-character value is never echoed.
export const ZDomain = z
  .string({ error: 'Enter a domain.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter a domain.')
  .max(253, { error: 'A domain has at most 253 characters.', abort: true })
  .refine((domain) => HOSTNAME.test(domain.startsWith('*.') ? domain.slice(2) : domain), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a domain. Use a hostname such as app.example.com, or *.example.com for all its subdomains.`,
  });

export const ZPathMatcher = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('prefix'),
      value: z
        .string()
        .max(512, { error: 'A path prefix has at most 512 characters.', abort: true })
        // Only what can match a path the verify endpoint accepts (its canonical form); matched ignoring case.
        .superRefine((prefix, context) => {
          const problem = prefixProblem(prefix);
          if (problem) context.addIssue({ code: 'custom', message: problem });
        }),
    }),
    z.object({
      kind: z.literal('regex'),
      value: z.string().superRefine((source, context) => {
        const problem = regexProblem(source);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    }),
  ],
  { error: 'A path is a prefix or a regex.' },
);

export const ZMethod = z
  .string()
  .trim()
  .toUpperCase()
  .max(16, { error: 'That is not an HTTP method.', abort: true })
  .refine((method) => KNOWN_METHODS.has(method), {
    error: (issue) => `${JSON.stringify(issue.input)} is not an HTTP method. Use one of ${HTTP_METHODS.join(', ')}.`,
  });

export const ZSubject = z
  .string()
  .trim()
  .toLowerCase()
  .max(70, { error: 'A subject has at most 70 characters.', abort: true })
  .regex(SUBJECT, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a subject. Use user:<username> or group:<groupname> (letters, digits, dots, dashes and underscores).`,
  });

export const ZNetwork = z
  .string()
  .trim()
  .max(64, { error: 'A network has at most 64 characters.', abort: true })
  .refine((network) => parseNetwork(network) !== null, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an IP address or CIDR range, such as 192.168.1.0/24 or 2001:db8::/32.`,
  });

/** The policy of a rule, and the one applied when no rule matches. */
export const ZDefaultPolicy = z.enum(POLICIES, { error: 'Choose a policy: bypass, one_factor, two_factor or deny.' });

/** One access rule as an admin enters it (form) or as it is imported; output is a normalized TRuleInput. */
export const ZRuleInput = z
  .object({
    description: z
      .string()
      .trim()
      .max(200, { error: 'A description has at most 200 characters.', abort: true })
      .refine((text) => !CONTROL_CHARACTERS.test(text), 'The description contains a control character. Remove it.'),
    domains: z.array(ZDomain).max(MAX_ITEMS, `At most ${MAX_ITEMS} domains.`),
    paths: z.array(ZPathMatcher).max(MAX_ITEMS, `At most ${MAX_ITEMS} paths.`),
    methods: z.array(ZMethod).max(MAX_ITEMS, `At most ${MAX_ITEMS} methods.`),
    subjects: z
      .array(z.array(ZSubject).min(1, 'A subject group needs at least one user: or group: entry.').max(MAX_ITEMS, `At most ${MAX_ITEMS} subjects in a group.`))
      .max(MAX_ITEMS, `At most ${MAX_ITEMS} subject groups.`),
    networks: z.array(ZNetwork).max(MAX_ITEMS, `At most ${MAX_ITEMS} networks.`),
    policy: ZDefaultPolicy,
  })
  // Authelia refuses this too: bypass lets anyone through, so naming who it is for means nothing.
  .refine((rule) => rule.policy !== 'bypass' || rule.subjects.length === 0, {
    error: 'A bypass rule cannot have subjects: bypass lets everyone through, signed in or not.',
    path: ['subjects'],
  });
