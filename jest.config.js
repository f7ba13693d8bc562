// ts-jest only transpiles (isolatedModules in tsconfig.base.json): `npm run typecheck` is
// the type check, so each file is compiled once per run, not once per test file.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/server/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.js'],
      transform: { '^.+\\.ts$': tsJest },
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/miniprogram/**/__test__/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleFileExtensions: ['ts', 'js', 'json'],
      setupFiles: ['<rootDir>/test/setup/miniprogram-setup.ts'],
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
  ],
};
