/**
 * The shapes of access rules: what an admin edits, what is stored, and what the verify
 * endpoint knows about a request. Nothing here touches the database or Next.
 */
export const POLICIES = ['bypass', 'one_factor', 'two_factor', 'deny'] as const;
export type TPolicy = (typeof POLICIES)[number];

/** A prefix is matched against the path alone; a regex against path + '?' + query (Authelia's `resources`). */
export type TPathMatcher = { kind: 'prefix' | 'regex'; value: string };

/** What an admin edits. Empty arrays mean "any". */
export type TRuleInput = {
  description: string;
  /** 'app.example.com' exactly, or '*.example.com': any subdomain at any depth, not example.com itself. Lower-case. */
  domains: string[];
  paths: TPathMatcher[];
  /** Upper-case HTTP methods. */
  methods: string[];
  /** OR of AND-groups of 'user:<username>' or 'group:<groupname>'; [] means anyone, anonymous included. */
  subjects: string[][];
  /** IPv4/IPv6 addresses or CIDR ranges. */
  networks: string[];
  policy: TPolicy;
};

/**
 * `position` is the rule's place in evaluation order (1 = first). `application` is set on the
 * rules an application writes (lib/applications): read-only here, kept in step with it.
 */
export type TStoredRule = TRuleInput & { id: string; position: number; application?: { id: string; name: string; slug: string } };

/** One request as the verify endpoint sees it. `query` comes without its '?'. */
export type TRequestFacts = {
  host: string;
  path: string;
  query: string;
  method: string;
  clientIp: string | null;
  user: { username: string; groups: string[] } | null;
};
