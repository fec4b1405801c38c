import semver from 'semver'
import {
  DEFAULT_CONFIG_NAMES,
  DEFAULT_CONFIG_PREFIXES,
  OAUTH_CONFIG_NAMES
} from './persistent-config-names.js'

/**
 * Before v0.9.6: settings Open WebUI keeps in its database after the first boot when ENABLE_PERSISTENT_CONFIG
 * is on (the default): once stored, the admin panel's value wins and a changed environment value may have no
 * effect. A representative list of `PersistentConfig` entries in backend/open_webui/config.py, not an
 * exhaustive one.
 */
const PERSISTENT_NAMES = new Set([
  'ENABLE_OLLAMA_API',
  'OLLAMA_BASE_URLS',
  'OLLAMA_API_CONFIGS',
  'ENABLE_OPENAI_API',
  'OPENAI_API_KEYS',
  'OPENAI_API_BASE_URLS',
  'OPENAI_API_CONFIGS',
  'ENABLE_DIRECT_CONNECTIONS',
  'WEBUI_URL',
  'ENABLE_SIGNUP',
  'ENABLE_LOGIN_FORM',
  'DEFAULT_LOCALE',
  'DEFAULT_MODELS',
  'DEFAULT_PROMPT_SUGGESTIONS',
  'DEFAULT_USER_ROLE',
  'ENABLE_CHANNELS',
  'ENABLE_NOTES',
  'ENABLE_COMMUNITY_SHARING',
  'ENABLE_MESSAGE_RATING',
  'ENABLE_EVALUATION_ARENA_MODELS',
  'ENABLE_USER_WEBHOOKS',
  'WEBHOOK_URL',
  'ENABLE_API_KEY',
  'JWT_EXPIRES_IN',
  'ENABLE_OAUTH_SIGNUP',
  'ENABLE_LDAP',
  'TASK_MODEL',
  'TASK_MODEL_EXTERNAL',
  'TITLE_GENERATION_PROMPT_TEMPLATE',
  'ENABLE_TITLE_GENERATION',
  'ENABLE_TAGS_GENERATION',
  'ENABLE_AUTOCOMPLETE_GENERATION',
  'ENABLE_SEARCH_QUERY_GENERATION',
  'ENABLE_RETRIEVAL_QUERY_GENERATION',
  'CHUNK_SIZE',
  'CHUNK_OVERLAP',
  'CONTENT_EXTRACTION_ENGINE',
  'TIKA_SERVER_URL',
  'PDF_EXTRACT_IMAGES',
  'ENABLE_WEB_SEARCH',
  'ENABLE_RAG_WEB_SEARCH',
  'ENABLE_IMAGE_GENERATION',
  'ENABLE_CODE_EXECUTION',
  'ENABLE_CODE_INTERPRETER',
  'WEBUI_BANNERS',
  'SHOW_ADMIN_DETAILS',
  'ADMIN_EMAIL',
  'MODEL_ORDER_LIST',
  'WHISPER_MODEL',
  'SEARXNG_QUERY_URL'
])

const PERSISTENT_PREFIXES = [
  'RAG_',
  'WEB_SEARCH_',
  'IMAGE_',
  'IMAGES_',
  'AUDIO_',
  'LDAP_',
  'OAUTH_',
  'USER_PERMISSIONS_',
  'CODE_EXECUTION_',
  'CODE_INTERPRETER_',
  'GOOGLE_PSE_'
]

/** v0.9.6 replaced `PersistentConfig` with `DEFAULT_CONFIG` and `Config.configure`. */
export const DEFAULT_CONFIG_SINCE = '0.9.6'

/**
 * Whether the release being deployed keeps `name` in its database (so a changed environment value may have no
 * effect). `oauthPersistent`: ENABLE_OAUTH_PERSISTENT_CONFIG is true, which from v0.9.6 on is what stores the
 * `oauth.*` entries. An unknown version is taken as the newest layout.
 */
export function isPersistentConfig(
  name: string,
  version: string | undefined,
  oauthPersistent = false
): boolean {
  if (version !== undefined && semver.valid(version) && semver.lt(version, DEFAULT_CONFIG_SINCE))
    return PERSISTENT_NAMES.has(name) || PERSISTENT_PREFIXES.some(prefix => name.startsWith(prefix))
  if (OAUTH_CONFIG_NAMES.has(name)) return oauthPersistent
  return DEFAULT_CONFIG_NAMES.has(name) || DEFAULT_CONFIG_PREFIXES.some(prefix => name.startsWith(prefix))
}
