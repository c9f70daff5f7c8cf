// Jest runs the TypeScript sources through SWC (decorators + metadata, and class fields defined in the
// constructor, as tsc emits them with tsconfig.json: useDefineForClassFields, see src/database/entity-shape.spec.ts).
// NestJS 12, Apollo Server 5 and some of their dependencies ship as ES modules only; Node 20
// loads them through require(esm), but Jest's own module loader does not, so those packages
// are transformed to CommonJS as well.
const esmPackages = [
  '@nestjs',
  '@apollo',
  '@as-integrations',
  '@whatwg-node',
  'zod',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  'uint8array-extras',
  '@tokenizer',
  'graphql-ws',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testTimeout: 30000,
};
