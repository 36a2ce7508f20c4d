// jest 29 ignores per-project testTimeout; synthesis with esbuild bundling is slow, so the infra tier gets longer.
jest.setTimeout(240_000);
