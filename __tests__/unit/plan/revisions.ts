/** Alembic revision files at each release tag: v0.6.6 adds one, v0.6.7 none. */
const BASE = ['7e5b5dc7342b_init.py', 'ca81bd47c050_add_config_table.py']

export const MIGRATIONS_DIR_REVISIONS: Record<string, string[]> = {
  'v0.6.4': BASE,
  'v0.6.5': [...BASE, '3ab32c4b8f59_update_tags.py'],
  'v0.6.6': [...BASE, '3ab32c4b8f59_update_tags.py', '9f0c9cd09105_add_note_table.py', '__init__.py'],
  'v0.6.7': [...BASE, '3ab32c4b8f59_update_tags.py', '9f0c9cd09105_add_note_table.py', '__init__.py']
}
