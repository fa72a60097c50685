// What the bench scripts share about the Gatehouse server they measure: the built bundle, a clean
// environment for it (nothing from the developer's shell or gatehouse.env leaks in), migrating a
// data dir through it, and the value shapes Prisma writes when a bench seeds SQLite directly.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { root } from './prepare.mjs';
import { SERVER_BUNDLE, serverLaunch } from './server-launch.mjs';
import { startProcess } from './services.mjs';

export { SERVER_BUNDLE };

/**
 * Starts the built server as `npm start` starts it (server-launch.mjs's node flags and malloc
 * settings), with `nodeArgs` (e.g. --cpu-prof) before them; resolves once it says it is running.
 */
export function startBenchServer(name, env, { nodeArgs = [], ready = /is running at[\s\S]*\n\n/, timeoutMs = 60_000 } = {}) {
  const launch = serverLaunch([], env);
  return startProcess(name, launch.command, [...nodeArgs, ...launch.args], { env: launch.env, ready, timeoutMs });
}

/** The server's environment: listening on 127.0.0.1:`port`, public at `url`, plain HTTP allowed. */
export function benchServerEnv({ dataDir, port, url, encryptionKey, extra = {} }) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    GATEHOUSE_ENV_FILE: '/dev/null',
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_PORT: String(port),
    GATEHOUSE_LISTEN: '127.0.0.1',
    GATEHOUSE_URL: url,
    GATEHOUSE_ALLOW_HTTP: 'true',
    GATEHOUSE_ENCRYPTION_KEY: encryptionKey,
    ...extra,
  };
}

/** `node dist/server.mjs migrate` with that environment; throws with its output when it fails. */
export function migrateWith(env) {
  const result = spawnSync(process.execPath, [SERVER_BUNDLE, 'migrate'], { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node dist/server.mjs migrate failed:\n${result.stdout}${result.stderr}`);
}

/** A DateTime as Prisma's SQLite adapter stores it. */
export const sqliteTime = (date) => date.toISOString().replace('Z', '+00:00');
export const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');
