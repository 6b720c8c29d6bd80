// ESLint for the pack and the ward board: the recommended rules of ESLint and typescript-eslint
// (with type information where tsc already has a project for the files), eslint-plugin-vue for the
// board's components. Layout is Prettier's job (.prettierrc.json): eslint-config-prettier turns
// off every rule about it. `npm run lint` runs both; `npm run format` rewrites with Prettier.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import prettier from 'eslint-config-prettier/flat';
import vue from 'eslint-plugin-vue';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Files that tsc compiles with the root or the ward board's tsconfig.json: the typed rules read
// their types from those projects. The board's browser side (ui/, Vue) is linted without types.
const typed = [
  'nodes/**/*.ts',
  'sim/**/*.ts',
  'scripts/**/*.ts',
  'bench/**/*.ts',
  'test/**/*.ts',
  'ward-board/{nodes,state,shared,test}/**/*.ts',
];

// Code that drives Node-RED from outside: tests, benchmarks, the demo and its scripts.
const outside = ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'ward-board/test/**/*.ts'];

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'ward-board/resources/**',
      'examples/**',
      'docs/**',
      'data/**',
      '.demo-userdir/**',
    ],
  },
  {
    // A disable comment that no longer silences anything is an error, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  comments.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // Every eslint-disable says why, after `--`.
      '@eslint-community/eslint-comments/require-description': 'error',
      // Node-RED's node constructors are plain functions called with `this` bound to the node;
      // `const node = this` is the idiom of its core nodes and documentation.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a
      // destructured field left out on purpose).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: typed,
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An async function without await is the plain way to return a promise from a stub or
      // an interface method; the rule would ask for Promise.resolve wrappers instead.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: outside,
    rules: {
      // They load Node-RED's runtime, its core nodes, the test helper and Aedes, which ship no
      // types, and the built node files, often by a computed path, the way Node-RED's own loader
      // does: require is the plain call for that.
      '@typescript-eslint/no-require-imports': 'off',
      // Values from those untyped modules (RED, helper.getNode, the flows and messages they
      // pass) are `any` or `unknown` by nature here, and go into assertion messages and logs
      // as String() shows them. The nodes themselves keep these rules.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'ward-board/test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // The board's browser side: Vue single-file components, TypeScript in <script lang="ts">.
    files: ['ward-board/ui/**/*.{ts,vue}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },
  {
    // The build scripts are plain CommonJS so that they run before anything is compiled.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The editor's shared script: a plain browser script that Node-RED's editor loads as it is.
    files: ['resources/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, RED: 'readonly', $: 'readonly' },
    },
  },
  prettier,
);
