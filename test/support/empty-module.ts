// Stand-in for the `server-only` marker package outside Next (vitest, the custom server bundle).
export {};
