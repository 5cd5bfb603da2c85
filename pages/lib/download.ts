/** Saves `text` as a download named `filename` (from an extension page). */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked once the click has been handled: the download has its own copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Today as `YYYY-MM-DD`, for file names. */
export function fileDate(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
