/**
 * The built-in application icons: names an admin picks from (stored as `builtin:<name>`), each
 * drawn by lucide-react (components/app-icon.tsx). Kept here, free of React, so validation and
 * the admin form agree on one list.
 */
export const BUILTIN_ICONS = [
  'app',
  'documents',
  'cloud',
  'git',
  'server',
  'media',
  'photos',
  'music',
  'home',
  'chart',
  'mail',
  'calendar',
  'book',
  'shield',
  'database',
  'terminal',
  'download',
  'printer',
] as const;
export type TBuiltinIcon = (typeof BUILTIN_ICONS)[number];

export const BUILTIN_ICON_LABELS: Record<TBuiltinIcon, string> = {
  app: 'Application',
  documents: 'Documents',
  cloud: 'Cloud',
  git: 'Code',
  server: 'Server',
  media: 'Video',
  photos: 'Photos',
  music: 'Music',
  home: 'Home',
  chart: 'Dashboard',
  mail: 'Mail',
  calendar: 'Calendar',
  book: 'Book',
  shield: 'Security',
  database: 'Database',
  terminal: 'Terminal',
  download: 'Downloads',
  printer: 'Printer',
};

/** The built-in icon an application stored as `builtin:<name>`, or null for anything else. */
export function builtinIconOf(icon: string): TBuiltinIcon | null {
  if (!icon.startsWith('builtin:')) return null;
  const name = icon.slice('builtin:'.length);
  return (BUILTIN_ICONS as readonly string[]).includes(name) ? (name as TBuiltinIcon) : null;
}
