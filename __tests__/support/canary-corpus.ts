/**
 * Values people paste where they should not, as the canary corpus plants them: each plant is one value in one
 * place (an input line, a task-definition environment entry, an input that takes a URL or a token), and the
 * canary is the part that must never show again: not in the log (an `::add-mask::` line aside), the summary,
 * the outputs, a PR comment or body, or any request to AWS, GitHub or the registry.
 *
 * Every value is made unique per run (`tag`), so a leak names the run it came from.
 */

/** A plain environment entry whose value is a credential (by its name, its shape or both). */
export interface EnvironmentPlant {
  shape: string
  name: string
  value: (tag: string) => string
  /** The part that must not leak; the whole value unless told. */
  canary?: (value: string) => string
}

/**
 * Credentials in plain environment, in the shapes people paste them: in the `environment` input and in a
 * task-definition file. The detector must hide every one (by name or by value) and mask it.
 */
export const ENVIRONMENT_PLANTS: EnvironmentPlant[] = [
  { shape: 'a DB_PASS', name: 'DB_PASS', value: tag => `correcthorse${tag}` },
  { shape: 'a DB_PWD', name: 'DB_PWD', value: tag => `batterystaple${tag}` },
  {
    shape: 'a Slack webhook URL',
    name: 'SLACK_WEBHOOK_URL',
    value: tag => `https://hooks.slack.com/services/T0CANARY/B0CANARY/xoxCanaryHook${tag}`,
    canary: value => value.slice(value.lastIndexOf('/') + 1)
  },
  {
    shape: 'a Slack webhook URL under a plain name',
    name: 'NOTIFY_TARGET',
    value: tag => `https://hooks.slack.com/services/T0CANARY/B0CANARY/plainNameHook${tag}`,
    canary: value => value.slice(value.lastIndexOf('/') + 1)
  },
  {
    shape: 'a Discord webhook URL',
    name: 'ALERTS_TARGET',
    value: tag => `https://discord.com/api/webhooks/1234567890/discordCanaryHook${tag}`,
    canary: value => value.slice(value.lastIndexOf('/') + 1)
  },
  { shape: 'a user:pass value', name: 'SEARXNG_BASIC_AUTH', value: tag => `searx:canaryPass${tag}` },
  {
    shape: 'a user:pass@host value',
    name: 'PROXY_TARGET',
    value: tag => `svc:hostPass${tag}@proxy.internal:3128`,
    canary: value => value.slice(value.indexOf(':') + 1, value.indexOf('@'))
  },
  {
    shape: 'a URL with user:password',
    name: 'LDAP_SERVER_URI',
    value: tag => `ldaps://cn=admin:ldapPass${tag}@ldap.internal:636`,
    canary: value => value.slice(value.lastIndexOf(':', value.indexOf('@')) + 1, value.indexOf('@'))
  },
  {
    shape: 'Authorization=Bearer in a *_HEADERS variable',
    name: 'OPENAI_API_HEADERS',
    value: tag => `Authorization=Bearer canaryBearer${tag}`,
    canary: value => value.slice(value.indexOf('Bearer ') + 7)
  },
  {
    shape: 'a JSON header with a Bearer token',
    name: 'TOOL_SERVER_HEADERS',
    value: tag => `{"Authorization": "Bearer jsonBearer${tag}"}`,
    canary: value => /jsonBearer\w+/.exec(value)![0]
  },
  {
    shape: 'an x-api-key header',
    name: 'MCP_HEADERS',
    value: tag => `x-api-key: headerApiKey${tag}`,
    canary: value => value.slice(value.indexOf(': ') + 2)
  },
  {
    shape: '?api-key= in a URL',
    name: 'SEARXNG_QUERY_URL',
    value: tag => `https://search.example.com/search?q=<query>&api-key=queryApiKey${tag}`,
    canary: value => value.slice(value.indexOf('api-key=') + 8)
  },
  {
    shape: '?token= in a URL',
    name: 'TIKA_SERVER_URL',
    value: tag => `http://tika.internal:9998/?token=queryToken${tag}`,
    canary: value => value.slice(value.indexOf('token=') + 6)
  },
  {
    shape: 'a signed URL',
    name: 'BACKGROUND_IMAGE_URL',
    value: tag => `https://cdn.example.com/bg.png?X-Amz-Signature=amzSignature${tag}&X-Amz-Expires=300`,
    canary: value => /amzSignature\w+/.exec(value)![0]
  },
  {
    shape: 'a Google API key',
    name: 'GOOGLE_PSE_ID',
    value: tag => `AIzaSyCanary0123456789abcdefghijklmno${tag}`
  },
  { shape: 'a Hugging Face token', name: 'HF_HUB', value: tag => `hf_CanaryHuggingFace0123456789ab${tag}` },
  {
    shape: 'a GitHub fine-grained token',
    name: 'TOOLS_REPO',
    value: tag => `github_pat_11CANARY0123456789_abcdefghijklmn${tag}`
  },
  { shape: 'a GitLab token', name: 'GITLAB', value: tag => `glpat-CanaryGitlab0123456${tag}` },
  { shape: 'an Anthropic key', name: 'CLAUDE', value: tag => `sk-ant-api03-CanaryAnthropic012345${tag}` }
]

/** Passwords pasted into a `secrets` line, where a secret's name or ARN belongs. */
export const PASTED_PASSWORDS = [
  'letmein123',
  'p@ssword',
  'hunter2',
  'Summer2024',
  'trustno1',
  'qwerty12',
  'P4ssw0rd',
  'dragon99',
  'iloveyou1',
  'monkey123',
  'passw0rd',
  'admin123',
  'welcome1',
  'abc123xyz',
  's3cr3t'
]

/** The secret variables a plant can sit in, one password each. */
export const SECRET_VARIABLES = ['WEBUI_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL']

/** A failing input that carries a credential: refused, and the credential never echoed. */
export interface InputPlant {
  shape: string
  inputs: Record<string, string>
  canary: string
  /** The input the refusal names. */
  input: string
}

export const INPUT_PLANTS: InputPlant[] = [
  {
    shape: 'a health-url with user:password',
    input: 'health-url',
    inputs: { 'health-url': 'https://admin:healthPwCanary1@chat.example.com/' },
    canary: 'healthPwCanary1'
  },
  {
    shape: 'a health-url that is no URL, with a token in its query',
    input: 'health-url',
    inputs: { 'health-url': 'chat.example.com/health?token=healthTokenCanary2' },
    canary: 'healthTokenCanary2'
  },
  {
    shape: 'a health-url with a token in its query',
    input: 'health-url',
    inputs: { 'health-url': 'https://chat.example.com/?token=healthQueryCanary8' },
    canary: 'healthQueryCanary8'
  },
  {
    shape: 'a health-url with an api-key in its fragment',
    input: 'health-url',
    inputs: { 'health-url': 'https://chat.example.com/#api-key=healthFragmentCanary9' },
    canary: 'healthFragmentCanary9'
  },
  {
    shape: 'an ftp health-url with a password',
    input: 'health-url',
    inputs: { 'health-url': 'ftp://u:ftpPwCanary3@files.example.com/' },
    canary: 'ftpPwCanary3'
  },
  {
    shape: 'an image with user:password',
    input: 'image',
    inputs: { image: 'user:imagePwCanary4@ghcr.io/open-webui/open-webui' },
    canary: 'imagePwCanary4'
  },
  {
    shape: 'an image URL with user:password',
    input: 'image',
    inputs: { image: 'https://user:imagePwCanary5@ghcr.io/open-webui/open-webui' },
    canary: 'imagePwCanary5'
  },
  {
    shape: 'a github-token with a newline',
    input: 'github-token',
    inputs: { 'github-token': 'ghp_tokenCanaryFirstLine0123456789\nsecondLineCanary6' },
    canary: 'tokenCanaryFirstLine0123456789'
  },
  {
    shape: 'a github-token with a space',
    input: 'github-token',
    inputs: { 'github-token': 'ghp_spaceCanary0123456789 tail7' },
    canary: 'spaceCanary0123456789'
  },
  {
    shape: 'an environment line whose name is a credential',
    input: 'environment',
    inputs: { environment: 'sk-envNameCanary0123456789abcdef' },
    canary: 'envNameCanary0123456789abcdef'
  },
  {
    shape: 'a release-repository with a token in front',
    input: 'release-repository',
    inputs: { 'release-repository': 'ghp_repoCanary0123456789abcdefghij@open-webui/open-webui' },
    canary: 'repoCanary0123456789abcdefghij'
  }
]
