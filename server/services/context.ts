import type { Clock } from '../lib/time';
import type { PiiProtector } from '../lib/pii';
import type { FileStore } from '../files/file-store';
import type { DocumentStore } from '../store/document-store';

/** Draws the image of a branch's check-in code: a mini-program code in the cloud, a QR locally. */
export interface CheckinCodeRenderer {
  /** A `data:image/png;base64,...` URL for the code that opens `page` with `scene`. */
  render(scene: string, page: string): Promise<string>;
}

/** What every application service needs; built once per process or container. */
export interface ServiceDeps {
  store: DocumentStore;
  /** Imports and exports: cloud storage in production, a folder locally. */
  files: FileStore;
  clock: Clock;
  pii: PiiProtector;
  codeRenderer: CheckinCodeRenderer;
}

/** Who is calling: only ever the OPENID the platform vouches for. */
export interface Caller {
  openid: string;
}

export interface ServiceContext {
  deps: ServiceDeps;
  caller: Caller;
}
