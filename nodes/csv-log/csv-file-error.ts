// The error csv-log's file layer throws: it names the file, what was being done and the
// error code, and says whether trying again later can help.

export class CsvFileError extends Error {
  readonly code: string | undefined;
  /** False for errors a retry cannot fix (too many numbered files, a link out of the folder). */
  retryable = true;
  constructor(
    readonly path: string,
    readonly action: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    // Node's own messages start with the code too; say it once.
    const detail = (cause instanceof Error ? cause.message : String(cause)).replace(/^[A-Z]+: /, '');
    super(`${code ? `${code}: ` : ''}cannot ${action} ${path} (${detail})`);
    this.code = code;
  }
}
