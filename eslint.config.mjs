// ESLint flat config: typescript-eslint's recommended rules, Prettier for layout (`npm run lint`
// runs both), and the import boundaries of the architecture (README "Architecture").
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import is forbidden when its specifier matches `regex`. */
const forbid = (regex, message, options = {}) => ({ regex, message, ...options });

const CORE_IMPORTS = [
  forbid('^@nestjs/', 'core/ holds pure domain logic: no Nest here (register enums beside the models).'),
  forbid('^typeorm(/|$)', 'core/ holds pure domain logic: no TypeORM here.'),
];

/** Not in core/ non-spec files either: the framework comes in through these files too. */
const CORE_FILE_IMPORTS = [
  forbid(
    '\\.(service|module|resolver|controller|entity|model|input|enum|guard|interceptor|plugin|middleware|provider)$',
    'core/ holds pure domain logic: no Nest or TypeORM file (service, module, resolver, entity, model …) either; `import type` of one is fine.',
    { allowTypeImports: true },
  ),
];

/**
 * What each folder of src/ may not import (spec files excepted: a test may borrow any fixture).
 * A rule for a folder is repeated for its core/ subfolder together with the core rule, since
 * ESLint gives a file the options of the last block that matches it.
 */
const FOLDER_RULES = {
  // roster (model and read side) is built upon by roster-maintenance, roster-io and contacts; never the reverse.
  'src/roster': [
    forbid(
      '(^|/)(roster-maintenance|roster-io|contacts)/',
      'roster imports none of roster-maintenance, roster-io, contacts.',
    ),
  ],
  // One-way flow intake -> activation -> outbox: notifications reacts to incident changes (IncidentChangeHandler).
  'src/incidents': [forbid('(^|/)notifications/', 'incidents never imports notifications: publish an IncidentChange.')],
};

function boundaries() {
  const block = (files, ignores, patterns) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  });
  return [
    ...Object.entries(FOLDER_RULES).map(([folder, patterns]) =>
      block([`${folder}/**/*.ts`], ['**/*.spec.ts'], patterns),
    ),
    block(['src/**/core/**/*.ts'], [], CORE_IMPORTS),
    block(['src/**/core/**/*.ts'], ['**/*.spec.ts'], [...CORE_IMPORTS, ...CORE_FILE_IMPORTS]),
    ...Object.entries(FOLDER_RULES).map(([folder, patterns]) =>
      block([`${folder}/**/core/**/*.ts`], ['**/*.spec.ts'], [...patterns, ...CORE_IMPORTS, ...CORE_FILE_IMPORTS]),
    ),
  ];
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests read GraphQL answers of many shapes.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The console reads GraphQL answers of many shapes without generated types (see web/src/pages).
    files: ['web/src/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The browser test runner: a Node ES module whose page.evaluate callbacks run in the browser.
    files: ['test/browser/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'fetch', 'setTimeout', 'clearTimeout', 'Buffer', 'URL', 'document', 'window'].map(
          (g) => [g, 'readonly'],
        ),
      ),
    },
  },
  // ---- import boundaries (README "Architecture") ------------------------------------------------
  ...boundaries(),
);
