/** The instant as the audit store writes times (UTC, milliseconds), so bounds compare with stored times. */
export function toStoreTime(value: string): string {
  return new Date(value).toISOString();
}
