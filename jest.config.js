// One `npm test` runs every project. e2e drives Debian's Chromium against the H5 build.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2021' } }]
// @noble/* ship only ES modules; let swc turn them into CommonJS for jest.
const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  testEnvironment: 'node',
}

module.exports = {
  // Sized for a busy 2-core CI machine: many tests run concurrent requests against a local cloud,
  // and jest's default 5 s failed them there under load while a test took 2–3 s on an idle one.
  // A global option: jest 29 ignores (and warns about) testTimeout inside a project.
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.test.ts'] },
    { ...base, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'] },
    // Builds the weapp bundle once (~30 s) and reads its template (test/build).
    { ...base, displayName: 'build', testMatch: ['<rootDir>/test/build/**/*.test.ts'] },
    // The journeys in WeChat DevTools (miniprogram-automator): skipped, and says so, without WECHAT_DEVTOOLS_CLI.
    { ...base, displayName: 'weapp', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
    },
  ],
}
