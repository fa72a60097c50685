/** An application as a test writes it: a generic one at http://whoami.localhost:8080, open to every signed-in user. */
import type { TApplicationInput } from '../../lib/applications/types';

export const applicationInput = (over: Partial<TApplicationInput> = {}): TApplicationInput => ({
  name: 'Whoami',
  slug: '',
  kind: 'generic',
  description: '',
  urls: ['http://whoami.localhost:8080'],
  upstream: 'http://127.0.0.1:8000',
  icon: 'builtin:app',
  subjects: [],
  level: 'one_factor',
  publicPaths: [],
  showOnLauncher: true,
  ...over,
});
