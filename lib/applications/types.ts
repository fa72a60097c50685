/**
 * Applications: what an admin protects and users open. One application has public URLs, an
 * upstream the proxy forwards to, who may open it and the level it needs; saving it writes its
 * access rules and its part of the proxy configuration, and the launcher shows it.
 * Nothing here touches the database or Next.
 */
export const APPLICATION_KINDS = ['generic', 'paperless'] as const;
export type TApplicationKind = (typeof APPLICATION_KINDS)[number];

/** The level a signed-in user needs to open the application (public paths need none). */
export const APPLICATION_LEVELS = ['one_factor', 'two_factor'] as const;
export type TApplicationLevel = (typeof APPLICATION_LEVELS)[number];

/** What an admin edits (after validation: every value canonical). */
export type TApplicationInput = {
  name: string;
  /** URL-safe, lower-case, unique. */
  slug: string;
  kind: TApplicationKind;
  description: string;
  /** Public origins, canonical `scheme://host[:port]` (default port omitted); the first is the launcher link. */
  urls: string[];
  /** Where the proxy forwards allowed requests: a canonical origin such as `http://127.0.0.1:8000`. */
  upstream: string;
  /** `builtin:<name>` or `upload`. */
  icon: string;
  /** `user:<username>` / `group:<groupname>`; [] = every signed-in user. */
  subjects: string[];
  level: TApplicationLevel;
  /** Path prefixes anyone may open without signing in, each starting with '/'. */
  publicPaths: string[];
  showOnLauncher: boolean;
};

/** A stored application (the icon bytes are read separately). */
export type TApplication = TApplicationInput & { id: string; position: number; hasIconData: boolean; updatedAt: Date };
