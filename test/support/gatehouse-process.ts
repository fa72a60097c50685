/**
 * The built Gatehouse server (dist/server.mjs) as a real child process for integration tests,
 * with its own data directory, port and configuration. scripts/test.mjs builds it first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './free-port';

export const SERVER_BUNDLE = join(process.cwd(), 'dist', 'server.mjs');

export type GatehouseProcess = {
  port: number;
  /** http://127.0.0.1:<port>: where tests reach it directly. */
  direct: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
};

/** A clean environment: nothing from the developer's shell or gatehouse.env leaks in. */
export function serverEnv(dataDir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    GATEHOUSE_ENV_FILE: '/dev/null',
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_PORT: String(port),
    ...extra,
  };
}

export async function startGatehouse(options: { env?: Record<string, string>; dataDir?: string; port?: number } = {}): Promise<GatehouseProcess> {
  if (!existsSync(SERVER_BUNDLE)) throw new Error('dist/server.mjs is missing: run the suite with npm test (it builds first)');
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-it-'));
  const port = options.port ?? (await freeLoopbackPort());
  const child = spawn(process.execPath, [SERVER_BUNDLE], { cwd: process.cwd(), env: serverEnv(dataDir, port, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Gatehouse did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/is running at[\s\S]*\n\n/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Gatehouse exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    direct: `http://127.0.0.1:${port}`,
    dataDir,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
