/** Whether the release range adds Alembic revisions. `unknown` is treated as `true`. */
export interface MigrationCheck {
  status: 'true' | 'false' | 'unknown'
  /**
   * Revision file names added between the two tags (e.g. `3781e22d8b01_add_channel.py`); for a downgrade, the
   * running release's revisions the target does not know.
   */
  newRevisions: string[]
  /** The target is older than the running release. */
  downgrade?: true
  /** One sentence on how this was decided (compared tags, forced by input, why unknown). */
  reason: string
}
