/**
 * Starts what only the browser tests need (the proxy stack) and stops it afterwards. The plain
 * portals are started by scripts/test.mjs; this stack needs the TypeScript config generator.
 */
import { startProxyStack } from './support/proxy-stack';

export default async function globalSetup() {
  const stack = await startProxyStack();
  Object.assign(process.env, stack.env);
  return async () => stack.stop();
}
