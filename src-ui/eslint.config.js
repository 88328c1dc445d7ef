// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Static analysis of the dashboard: typescript-eslint's strict, type-checked rules over everything
// tsconfig.json compiles (src/, e2e/, the Vite and Vitest configs) and this file. Formatting is
// Prettier's job (`prettier --check .`); none of these rules is about layout.
export default defineConfig(
  // The build writes to ../target (vite.config.ts), outside this folder; dist/ and coverage/ in
  // case a tool is run with its default output folder; the types generated from openapi.json
  // (npm run generate). ESLint always skips node_modules/.
  globalIgnores(['dist/', 'coverage/', 'src/api/schema.d.ts']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    // A suppression that no longer suppresses anything fails the lint, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: {
        // tsconfig.json's project for the TypeScript files; this JavaScript file, which no
        // tsconfig includes, gets the service's default project.
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers in template literals (`${done}/${total} points`) print as expected; the strict
      // default refuses them too. Objects, nullish values and the like stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Event handlers and callbacks are written as shorthand arrows (`onclick: () => select(id)`)
      // whose value nobody reads; void values in other places are still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
);
