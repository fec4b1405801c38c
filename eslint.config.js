import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Import direction inside src/, as it holds today: modes/ drive everything and only main.ts picks a mode;
 * the AWS, GitHub and registry adapters are reached through ports/ only; the rollout, the PR comment and bump
 * are a mode's own parts; ports/, settings/ and taskdef/ stand on nothing above them.
 */
const SIMULATOR = { group: ['**/simulator/**'], message: 'src/ never imports the simulator' }
const MODES = {
  group: ['**/modes/*', '!**/modes/mode-context.js'],
  message: 'Only main.ts picks a mode; other code takes the ModeContext type alone'
}
const ADAPTERS = {
  group: ['**/adapters/*', '**/aws/*', '**/github/*', '**/registry/*'],
  message: 'Outside systems are reached through src/ports/; only src/adapters/ builds the clients'
}
const modePart = folder => ({
  group: [`**/${folder}/*`],
  message: `src/${folder}/ is part of a mode: only src/modes/ imports it`
})
const ABOVE_TASKDEF = [
  'adapters',
  'aws',
  'bump',
  'comment',
  'github',
  'health',
  'migrations',
  'modes',
  'plan',
  'ports',
  'registry',
  'release',
  'report',
  'rollout',
  'verify'
]
const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [SIMULATOR, ...patterns] }] }
})

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'build/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/simulator/**'], message: 'src/ never imports the simulator' }] }
      ]
    }
  },
  layer(['src/**/*.ts'], [MODES, ADAPTERS, modePart('rollout'), modePart('comment'), modePart('bump')]),
  layer(['src/modes/**/*.ts'], [MODES, ADAPTERS]),
  layer(['src/rollout/**/*.ts'], [MODES, ADAPTERS, modePart('comment'), modePart('bump')]),
  layer(['src/comment/**/*.ts'], [MODES, ADAPTERS, modePart('rollout'), modePart('bump')]),
  layer(['src/bump/**/*.ts'], [MODES, ADAPTERS, modePart('rollout'), modePart('comment')]),
  layer(
    ['src/adapters/**/*.ts', 'src/aws/**/*.ts', 'src/github/**/*.ts', 'src/registry/**/*.ts'],
    [MODES, modePart('rollout'), modePart('comment'), modePart('bump')]
  ),
  layer(
    ['src/ports/**/*.ts'],
    [
      {
        group: ABOVE_TASKDEF.filter(folder => folder !== 'ports').map(folder => `**/${folder}/*`),
        message: 'A port names what the action needs; it imports only settings types'
      }
    ]
  ),
  layer(
    ['src/settings/**/*.ts', 'src/taskdef/**/*.ts'],
    [
      {
        group: ABOVE_TASKDEF.map(folder => `**/${folder}/*`),
        message: 'Settings and task-definition files stand on nothing above them'
      }
    ]
  ),
  {
    files: ['src/main.ts', 'src/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SIMULATOR] }] }
  },
  {
    files: ['simulator/**/*.ts', '__tests__/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/settings/inputs.ts', 'src/main.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getInput']",
          message: 'Inputs are read once, in src/settings/inputs.ts'
        }
      ]
    }
  }
)
