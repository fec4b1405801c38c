import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Import direction inside src/, lowest first (the README's "Developing this action" draws it):
 *   domain/                      shared types (the plan, versions, findings, releases); imports nothing of src/
 *   taskdef/                     task-definition files; they take values, never the Settings
 *   settings/                    inputs, parsed once
 *   ports/                       what the action needs from outside systems
 *   release/                     stable releases, the target version, image references
 *   report/                      text for people: renderers (the deploy summary too) and the untrusted-text choke points
 *   migrations/, verify/, health/  the facts a plan is made of
 *   plan/                        what deploy will do, from reads only
 *   rollout/, bump/              a mode's own parts, over the ports
 *   modes/ (modes/plan/ is the plan mode's PR comment), then main.ts, which alone picks a mode
 * The AWS, GitHub and registry adapters are reached through ports/ only; only src/adapters/ builds them.
 */
const SIMULATOR = { group: ['**/simulator/**'], message: 'src/ never imports the simulator' }
const MODES = {
  group: ['**/modes/*', '!**/modes/mode-context.js'],
  message: 'Only main.ts picks a mode; other code takes the ModeContext type alone'
}
const ANY_MODE = {
  group: ['**/modes/*'],
  message: 'Nothing below the modes imports src/modes/, not even the ModeContext: take the ports it uses'
}
const ADAPTERS = {
  group: ['**/adapters/*', '**/aws/*', '**/github/*', '**/registry/*'],
  message: 'Outside systems are reached through src/ports/; only src/adapters/ builds the clients'
}
const modePart = folder => ({
  group: [`**/${folder}/*`],
  message: `src/${folder}/ is part of a mode: only src/modes/ imports it`
})
const below = (layerName, folders) => ({
  group: folders.map(folder => `**/${folder}/*`),
  message: `${layerName} stands below ${folders.map(folder => `${folder}/`).join(', ')}: it may not import them`
})
const PLANNER = {
  group: ['**/plan/*'],
  message:
    'A mode part reads the Plan value (src/domain/plan.ts) it is handed, never the planner in src/plan/'
}
const ABOVE_TASKDEF = [
  'adapters',
  'aws',
  'bump',
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
/** What the plan is made of: release/, migrations/, verify/ and health/ know nothing of who assembles it. */
const PLAN_FACTS = [
  'src/release/**/*.ts',
  'src/migrations/**/*.ts',
  'src/verify/**/*.ts',
  'src/health/**/*.ts'
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
  layer(['src/**/*.ts'], [MODES, ADAPTERS, modePart('rollout'), modePart('bump')]),
  layer(['src/modes/**/*.ts'], [MODES, ADAPTERS]),
  // The rollout takes its own RolloutDependencies (rollout-dependencies.ts), never the ModeContext.
  layer(['src/rollout/**/*.ts'], [ANY_MODE, ADAPTERS, modePart('bump'), PLANNER]),
  layer(['src/bump/**/*.ts'], [ANY_MODE, ADAPTERS, modePart('rollout'), PLANNER]),
  layer(['src/plan/**/*.ts'], [ANY_MODE, ADAPTERS, modePart('rollout'), modePart('bump')]),
  layer(PLAN_FACTS, [ANY_MODE, ADAPTERS, below('What a plan is made of', ['plan', 'rollout', 'bump'])]),
  layer(
    ['src/release/**/*.ts'],
    [
      ANY_MODE,
      ADAPTERS,
      below('src/release/', ['plan', 'rollout', 'bump', 'report', 'verify', 'migrations', 'health'])
    ]
  ),
  layer(
    ['src/report/**/*.ts'],
    [ANY_MODE, ADAPTERS, below('src/report/', ['plan', 'rollout', 'bump', 'verify', 'migrations', 'health'])]
  ),
  layer(
    ['src/adapters/**/*.ts', 'src/aws/**/*.ts', 'src/github/**/*.ts', 'src/registry/**/*.ts'],
    [ANY_MODE, modePart('rollout'), modePart('bump'), below('An adapter', ['plan', 'verify', 'release'])]
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
    ['src/settings/**/*.ts'],
    [
      {
        group: ABOVE_TASKDEF.map(folder => `**/${folder}/*`),
        message: 'Settings stand on nothing above them'
      }
    ]
  ),
  layer(
    ['src/taskdef/**/*.ts'],
    [
      {
        group: [...ABOVE_TASKDEF, 'settings'].map(folder => `**/${folder}/*`),
        message:
          'Task-definition files stand below settings/: take the values a function needs (src/domain/ types), not the Settings'
      }
    ]
  ),
  layer(
    ['src/domain/**/*.ts'],
    [
      {
        group: [...ABOVE_TASKDEF, 'settings', 'taskdef']
          .map(folder => `**/${folder}/*`)
          .concat('**/errors.js'),
        message: 'src/domain/ holds the shared types: it imports nothing else of src/'
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
