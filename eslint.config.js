import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import compat from 'eslint-plugin-compat';
import * as espree from 'espree';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const webPackage = JSON.parse(readFileSync(new URL('./apps/web/package.json', import.meta.url), 'utf8'));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.tsbuild/**', 'test-artefacts/**', 'bench-results/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'no focused tests' },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The browser floor is apps/web/package.json's `browserslist`; shared packages run in the same browsers.
    // An API above it is an error unless apps/web/src/boot/polyfills.ts provides it (the same names here).
    files: ['apps/web/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', 'apps/web/src/test/**'],
    plugins: { compat },
    settings: { browsers: webPackage.browserslist, lintAllEsApis: true, polyfills: ['Array.prototype.at', 'Object.hasOwn', 'Crypto.randomUUID'] },
    rules: { 'compat/compat': 'error' },
  },
  {
    // Runs before the app and must run where the app cannot: plain ES5, a classic script.
    files: ['apps/web/src/boot/startup-check.js', 'apps/web/src/boot/home-snapshot.js', 'apps/web/src/boot/lock-pad.js'],
    languageOptions: { parser: espree, ecmaVersion: 5, sourceType: 'script', globals: globals.browser },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }], '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
