/**
 * Applications as database rows and back: lists are JSON text columns, as for access rules.
 * A row that cannot be read is reported as unreadable rather than guessed at: its generated
 * rules (written when it was saved) keep deciding, and the admin sees it to fix it.
 */
import { APPLICATION_KINDS, APPLICATION_LEVELS, type TApplication, type TApplicationInput } from './types';

export const APPLICATION_COLUMNS = {
  id: true,
  slug: true,
  name: true,
  kind: true,
  description: true,
  urls: true,
  upstream: true,
  icon: true,
  iconType: true,
  subjects: true,
  level: true,
  publicPaths: true,
  showOnLauncher: true,
  position: true,
  updatedAt: true,
} as const;

type ApplicationRow = {
  id: string;
  slug: string;
  name: string;
  kind: string;
  description: string;
  urls: string;
  upstream: string;
  icon: string;
  iconType: string | null;
  subjects: string;
  level: string;
  publicPaths: string;
  showOnLauncher: boolean;
  position: number;
  updatedAt: Date;
};

export class UnreadableApplicationError extends Error {
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(`Application ${id} cannot be read: ${reason}`);
  }
}

function stringList(text: string, field: string, id: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UnreadableApplicationError(id, `${field} is not JSON`);
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UnreadableApplicationError(id, `${field} is not a list of text`);
  return value;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, field: string, id: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UnreadableApplicationError(id, `unknown ${field} "${value}"`);
  return value as T;
}

/** A stored row as an application. Throws UnreadableApplicationError for a hand-edited row. */
export function rowToApplication(row: ApplicationRow): TApplication {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: oneOf(APPLICATION_KINDS, row.kind, 'kind', row.id),
    description: row.description,
    urls: stringList(row.urls, 'urls', row.id),
    upstream: row.upstream,
    icon: row.icon,
    subjects: stringList(row.subjects, 'subjects', row.id),
    level: oneOf(APPLICATION_LEVELS, row.level, 'level', row.id),
    publicPaths: stringList(row.publicPaths, 'publicPaths', row.id),
    showOnLauncher: row.showOnLauncher,
    position: row.position,
    hasIconData: row.icon === 'upload' && row.iconType !== null,
    updatedAt: row.updatedAt,
  };
}

/** The columns an input writes (not position, not the icon bytes). */
export function applicationToColumns(input: TApplicationInput) {
  return {
    slug: input.slug,
    name: input.name,
    kind: input.kind,
    description: input.description,
    urls: JSON.stringify(input.urls),
    upstream: input.upstream,
    icon: input.icon,
    subjects: JSON.stringify(input.subjects),
    level: input.level,
    publicPaths: JSON.stringify(input.publicPaths),
    showOnLauncher: input.showOnLauncher,
  };
}
