// The project's lint: rules that keep the structure docs/ARCHITECTURE.md describes true.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/** Query-builder calls that write SQL: only `src/db/` (and the transparency log's own store) may make them. */
const SQL_CALLS = 'selectFrom|insertInto|updateTable|deleteFrom|mergeInto|selectNoFrom|transaction|connection|withSchema';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', '.data*/**', 'test-results/**', 'playwright-report/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The sanitisers match control characters on purpose.
  { rules: { 'no-control-regex': 'off' } },
  { files: ['public/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['scripts/**/*.mjs', '*.js'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
    },
  },
  {
    // SQL lives in db/ (repositories, migrations, the pool); the log keeps its one store beside its pure parts.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/db/**', 'src/log/store.ts', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'kysely', message: 'SQL and the query builder live in src/db/: add a repository function there.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: `CallExpression[callee.property.name=/^(${SQL_CALLS})$/]`, message: 'SQL lives in src/db/repos/: add a repository function there.' },
      ],
    },
  },
  {
    // A route module is a table of contents: it imports helpers, commands, repositories and views, never another route.
    files: ['src/http/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', message: 'SQL and the query builder live in src/db/.' }],
          patterns: [{ group: ['./*'], message: 'A route module never imports another route module: move what they share to src/http/.' }],
        },
      ],
    },
  },
);
