#!/usr/bin/env node
// `npm run screenshots`: regenerates README's screenshots in docs/screenshots by running the
// screenshots e2e spec alone (a portal of its own with clean data; scripts/test.mjs builds and
// prepares what it needs, as for `npm test`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib/prepare.mjs';

const result = spawnSync(process.execPath, [join(root, 'scripts/test.mjs'), '--only', 'e2e', '--', 'screenshots.spec.ts', '--no-deps'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GATEHOUSE_SCREENSHOTS_DIR: join(root, 'docs', 'screenshots') },
});
if (result.status === 0) console.log(`\nScreenshots written to ${join(root, 'docs', 'screenshots')}`);
process.exit(result.status ?? 1);
