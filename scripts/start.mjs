#!/usr/bin/env node
// `npm start`: install what is missing, build when sources changed, then run the portal
// (`npm run setup-link` and `npm run admin -- …` come through here too, with their command).
// The portal itself (dist/server.mjs) checks the configuration, creates ./data, applies
// migrations and prints the first-admin setup link.
//
// It runs as a child process of this one, started with the node flags and the malloc settings of
// scripts/lib/server-launch.mjs (they must be in place when a process starts). Signals sent to
// this process (SIGTERM from a service manager, Ctrl-C) are passed on; its exit code is the child's.
// package.json's scripts `exec` this file: npm passes SIGTERM only to its script's shell, which would
// die of it and leave this process and the portal running.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { checkNode, ensureBuilt, ensureInstalled, generateClients } from './lib/prepare.mjs';
import { serverLaunch } from './lib/server-launch.mjs';

checkNode();
try {
  ensureInstalled();
  generateClients();
  ensureBuilt();
} catch (error) {
  console.error(`\nGatehouse could not be prepared: ${error.message}\n`);
  process.exit(1);
}
const launch = serverLaunch(process.argv.slice(2), { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
const child = spawn(launch.command, launch.args, { stdio: 'inherit', env: launch.env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.once('error', (error) => {
  console.error(`\nGatehouse could not be started: ${error.message}\n`);
  process.exit(1);
});
child.once('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
