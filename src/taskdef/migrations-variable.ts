/**
 * Open WebUI runs its Alembic migrations on start unless this variable is `false`: only the one migrator
 * task may have it on, so the action sets it on every task definition and the user may not.
 */
export const MIGRATIONS_VARIABLE = 'ENABLE_DB_MIGRATIONS'
