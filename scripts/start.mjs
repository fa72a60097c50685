#!/usr/bin/env node
// `npm start`: install what is missing, build when sources changed, then run the portal
// (`npm run setup-link` and `npm run admin -- …` come through here too, with their command).
// The portal itself (dist/server.mjs) checks the configuration, creates ./data, applies
// migrations and prints the first-admin setup link.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkNode, ensureBuilt, ensureInstalled, generateClients, root } from './lib/prepare.mjs';

checkNode();
try {
  ensureInstalled();
  generateClients();
  ensureBuilt();
} catch (error) {
  console.error(`\nGatehouse could not be prepared: ${error.message}\n`);
  process.exit(1);
}
process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED = '1';
await import(pathToFileURL(join(root, 'dist', 'server.mjs')).href);
