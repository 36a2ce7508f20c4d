// jest 29 ignores per-project testTimeout; set it here for the integration tier.
jest.setTimeout(60_000);
