import type { Clock } from './clock';
import type { CertificateLibrary } from './library';
import type { ServiceCenterOperations } from './operations';
import type { Store } from './store/store';

/** What the service centre's actions work with; built once by server.ts. */
export interface ServiceCenterDeps {
  /** The store, migrated on first use. */
  store: () => Promise<Store>;
  ops: ServiceCenterOperations;
  /** The Big Data Center's certificate library. */
  library: CertificateLibrary;
  clock: Clock;
}
