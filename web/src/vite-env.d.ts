/// <reference types="vite/client" />

/** The build-time settings of the desk (web/README.md); only `VITE_DESK_*` reaches the bundle. */
interface ImportMetaEnv {
  /** `local` (default): the gateway at the same origin; `cloud`: CloudBase through @cloudbase/js-sdk. */
  readonly VITE_DESK_TRANSPORT?: string;
  /** The CloudBase environment id, required with `cloud`. */
  readonly VITE_DESK_CLOUDBASE_ENV?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
