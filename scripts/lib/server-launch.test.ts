import { describe, expect, it } from 'vitest';
import { SERVER_BUNDLE, SERVER_MALLOC_ENV, SERVER_NODE_FLAGS, serverLaunch } from './server-launch.mjs';

describe('serverLaunch', () => {
  it('starts the bundle with the memory flags and malloc settings, its arguments after it', () => {
    const launch = serverLaunch(['admin', 'list-admins'], { PATH: '/usr/bin' });
    expect(launch.command).toBe(process.execPath);
    expect(launch.args).toEqual([...SERVER_NODE_FLAGS, SERVER_BUNDLE, 'admin', 'list-admins']);
    expect(launch.env).toEqual({ ...SERVER_MALLOC_ENV, PATH: '/usr/bin' });
  });

  it("leaves out a flag the operator's NODE_OPTIONS sets (either spelling), and keeps their malloc settings", () => {
    const env = { NODE_OPTIONS: '--enable-source-maps --max_old_space_size=1024', MALLOC_ARENA_MAX: '4' };
    const launch = serverLaunch([], env);
    expect(launch.args.some((arg) => arg.startsWith('--max-old-space-size'))).toBe(false);
    expect(launch.args).toContain('--max-semi-space-size=4');
    expect(launch.env.MALLOC_ARENA_MAX).toBe('4');
    expect(launch.env.NODE_OPTIONS).toBe(env.NODE_OPTIONS);
  });
});
