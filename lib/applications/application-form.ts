/**
 * The application form's fields ↔ an application. Shared by the form (client) and the action
 * (server): one line per address and per public path; who may use it is a multi-select.
 */
import { z } from 'zod';
import type { TApplication } from './types';

export type TApplicationFormFields = {
  name: string;
  slug: string;
  kind: string;
  description: string;
  urls: string;
  upstream: string;
  icon: string;
  subjects: string[];
  level: string;
  publicPaths: string;
  showOnLauncher: boolean;
};

const text = (max: number) => z.string().max(max, `At most ${max} characters.`).default('');
const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** What the action accepts from the browser (sizes only: the meaning is checked by ZApplicationInput). */
export const ZApplicationFormFields = z.object({
  name: text(200),
  slug: text(200),
  kind: text(40),
  description: text(1000),
  urls: text(4000),
  upstream: text(400),
  icon: text(100),
  subjects: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => (Array.isArray(value) ? value : [value])),
  level: text(40),
  publicPaths: text(12000),
  showOnLauncher: z.enum(['on']).optional(),
  /** The uploaded icon, base64 (the form reads the chosen file): at most 256 KiB once decoded. */
  iconUpload: z.string().max(360_000, 'An icon is at most 256 KiB. Use a smaller image (128 × 128 pixels is plenty).').default(''),
});

/** The raw input for ZApplicationInput. */
export function applicationFromFields(fields: Omit<z.output<typeof ZApplicationFormFields>, 'iconUpload'>) {
  return {
    name: fields.name,
    slug: fields.slug,
    kind: fields.kind,
    description: fields.description,
    urls: lines(fields.urls),
    upstream: fields.upstream,
    icon: fields.icon,
    subjects: fields.subjects.filter(Boolean),
    level: fields.level,
    publicPaths: lines(fields.publicPaths),
    showOnLauncher: fields.showOnLauncher === 'on',
  };
}

export function fieldsFromApplication(app: TApplication): TApplicationFormFields {
  return { ...app, urls: app.urls.join('\n'), publicPaths: app.publicPaths.join('\n') };
}

export const NEW_APPLICATION_FIELDS: TApplicationFormFields = {
  name: '',
  slug: '',
  kind: 'generic',
  description: '',
  urls: '',
  upstream: '',
  icon: 'builtin:app',
  subjects: [],
  level: 'two_factor',
  publicPaths: '',
  showOnLauncher: true,
};
