/** The data directory failed its start-up integrity check; the message says what and what to do. */
export class IntegrityError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problems: readonly string[],
  ) {
    super(
      `The data in ${dataDir} failed its integrity check: ${problems.join(' · ')}. ` +
        'Nothing was changed. Restore a backup (README: Backup and restore), or start anyway with ' +
        'START_ANYWAY=1 (npm start -- --force) to serve what the directory holds.',
    )
    this.name = 'IntegrityError'
  }
}
