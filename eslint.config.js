import nodePlugin from 'eslint-plugin-n';
import playwright from 'eslint-plugin-playwright';
import tseslint from 'typescript-eslint';

const PARTS = ['harness/processes', 'harness/lanes', 'harness/clock', 'harness/run', 'harness/matrix', 'harness/cases', 'server', 'tests', 'scripts', 'bench'];

/** One lint rule per folder: importing a part of the project that the folder is not allowed to use is an error. */
function folderDependencies(allowed) {
  return Object.entries(allowed).map(([folder, uses]) => ({
    files: [`${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: PARTS.filter((part) => part !== folder && !uses.includes(part)).map((part) => ({
            group: [`**/${part.split('/').at(-1)}/**`],
            message: `${folder}/ may use only ${uses.length ? uses.join(', ') : 'itself'} (eslint.config.js, folderDependencies)`,
          })),
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'test-results/', 'playwright-report/', 'blob-report/', 'matrix-report/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { n: nodePlugin },
    rules: {
      // Every package imported is declared in package.json (playwright-core, say, only arrives through playwright).
      'n/no-extraneous-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // Which part of the harness may use which (docs/layout.md, "Which part may use which"): a folder imports only the folders listed for it.
  ...folderDependencies({
    'harness/processes': [],
    'harness/lanes': ['harness/processes'],
    'harness/clock': ['harness/lanes'],
    'harness/run': ['harness/processes', 'harness/lanes', 'harness/clock', 'harness/cases'],
    'harness/matrix': [],
    'harness/cases': ['harness/processes', 'harness/lanes', 'harness/clock', 'harness/matrix'],
    // The case server loads case files: it knows their schema, nothing else of the harness.
    server: ['harness/cases'],
  }),
  {
    // A promise left unawaited (a visitor call, the clock's advance) lets the test run ahead of the browser.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['tests/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      // Skips are written as test.skip(condition, reason), so that the reason is reported; per-engine differences are
      // expectation files, never test.fail.
      'playwright/no-skipped-test': ['error', { allowConditional: true }],
      // Fixtures and the visitor are how these specs reach the browser; Playwright's locators are not always there.
      'playwright/prefer-web-first-assertions': 'off',
      // observe() and observeCase() assert: they check a matrix row against the engine's expectation.
      'playwright/expect-expect': ['warn', { assertFunctionNames: ['observe', 'observeCase'] }],
    },
  },
);
