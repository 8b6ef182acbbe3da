/** A record served from the cache after its legacy system failed: what the response must say. */
export interface StaleMark {
  department: string;
  operation: string;
  /** Age of the record, in whole seconds. */
  ageSeconds: number;
  /** The error code the legacy call failed with. */
  cause: string;
}
