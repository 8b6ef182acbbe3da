import type { WorldIndex } from '../data/world';
import type { IssuerKeyring } from './issuer-keys';
import type { CertificateLibrary } from './library';
import type { CertificateRenderer } from './records';
import type { RequestAuthenticator } from './request-auth';
import type { SuishenmaIssuer } from './suishenma';

/** What the platform's application routes work with. */
export interface HandlerDeps {
  world: WorldIndex;
  auth: RequestAuthenticator;
  keys: IssuerKeyring;
  library: CertificateLibrary;
  renderer: CertificateRenderer;
  suishenma: SuishenmaIssuer;
}
