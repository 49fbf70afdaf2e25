import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Imports point inward: engine and shared never reach client or sync-server; those two never reach each other. */
const inward = (forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((dir) => ({
        group: [`**/${dir}/**`, `**/${dir}`],
        message: `imports point inward: no ${dir}/ from here`,
      })),
    },
  ],
})

const nodeBuiltins = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['**/client/**', '**/sync-server/**'],
          message: 'engine/ is pure and points inward',
        },
        {
          group: ['node:*', 'fs', 'path', 'crypto', 'worker_threads', 'os'],
          message: 'engine/ is pure: no Node built-ins',
        },
      ],
    },
  ],
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'data/**',
      'tests/artifacts/**',
      'bench-results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'use const objects instead of enum' },
      ],
    },
  },
  { files: ['engine/**'], rules: nodeBuiltins },
  { files: ['shared/**'], rules: inward(['client', 'sync-server', 'engine']) },
  { files: ['client/**'], rules: inward(['sync-server']) },
  { files: ['sync-server/**'], rules: inward(['client']) },
)
