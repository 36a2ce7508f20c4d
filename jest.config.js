/** Four tiers, one runner: `npx jest --selectProjects unit|integration|infra|browser`. */
const transform = {
  '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
  // @middy/core 6 ships ESM only; jest 29 loads CommonJS, so middy's files are transpiled like ours.
  '^.+/node_modules/@middy/.+\\.js$': [
    'ts-jest',
    { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true } },
  ],
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/jest-timeout.ts'],
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/test/infra/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/infra/jest-timeout.ts'],
    },
    {
      // The dashboard in headless Chromium against the local runtime on moto and dynalite (test/browser/README.md).
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/integration/jest-timeout.ts'],
    },
  ],
};
