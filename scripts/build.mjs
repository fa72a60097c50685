#!/usr/bin/env node
// `npm run build`: generate the Prisma clients and build the portal (always, even if up to date).
import { checkNode, ensureBuilt, ensureInstalled, generateClients } from './lib/prepare.mjs';

checkNode();
ensureInstalled();
generateClients();
ensureBuilt({ force: true });
