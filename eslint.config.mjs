// @ts-check
// Lint rules for the service, its tests and benchmarks: ESLint's and typescript-eslint's recommended sets, with
// formatting left to Prettier (`npm run format`). `npm run lint` fails on any warning.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', 'console/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests and benchmarks read answers of the public API (SDK results, JSON bodies) as loose JSON.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The Node environment inside the sandbox: CommonJS modules bundled into the isolate (docs/runtime.md).
    files: ['src/runtime/sandbox/node-env/isolate/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        ...globals.commonjs,
        ...globals.es2021,
        console: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // entry.js defines the isolate's own queueMicrotask and performance
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
);
