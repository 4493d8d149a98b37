// Lint rules that enforce DESIGN.md's process boundaries: a wrong import fails `npm test`.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:sqlite', 'node:test'];
const ban = (names, message) => ['error', { paths: [...new Set(names)].map((name) => ({ name, message })) }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.tsbuild/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': ['error', { zones: [
        { target: './shared', from: ['./electron', './renderer', './test'], message: 'shared/ runs everywhere; it imports nothing from the other folders.' },
        { target: './renderer', from: './electron', message: 'renderer reaches the core only through shared/api over HTTP.' },
        { target: './electron/core', from: ['./electron/shell', './electron/preload', './electron/server', './electron/host', './renderer'], message: 'core is the engine: no HTTP, no shell.' },
        { target: './electron/server', from: ['./electron/shell', './electron/preload', './electron/host', './renderer'], message: 'server adapts the core; it does not know who hosts it.' },
        { target: './electron/preload', from: ['./electron/core', './electron/server', './electron/host', './electron/shell', './renderer'], message: 'the sandboxed preload only bridges DesktopApi.' },
        { target: './electron/shell', from: ['./electron/core', './electron/server', './renderer'], message: 'the shell starts the core as a utility process (electron/host); it does not import it.' },
      ] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ban(['electron', 'react', 'react-dom', 'zustand', ...NODE], 'shared/ must stay runtime-neutral: no Node, DOM, electron or UI imports.') },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ban(['electron', ...NODE], 'renderer runs in Chromium: no Node built-ins or electron; use window.desktopApi.'),
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'electron/host/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'must run in plain Node (headless host, utility process): importing electron triggers a binary download.' }] }] },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only']", message: 'no .only in committed tests' }] },
  },
);
