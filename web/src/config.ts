/** Which way the desk reaches the `api` function, fixed when it is built (web/README.md). */
export type DeskConfig = { transport: 'local' } | { transport: 'cloud'; env: string };

export class DeskConfigError extends Error {}

/** Reads the build-time settings; a cloud build without its environment id cannot work, so it says so. */
export function readDeskConfig(env: ImportMetaEnv): DeskConfig {
  const transport = env.VITE_DESK_TRANSPORT ?? 'local';
  if (transport === 'local') return { transport: 'local' };
  if (transport === 'cloud') {
    const cloudEnv = env.VITE_DESK_CLOUDBASE_ENV?.trim();
    if (!cloudEnv) throw new DeskConfigError('VITE_DESK_TRANSPORT=cloud 需要同时设置 VITE_DESK_CLOUDBASE_ENV（云开发环境 ID）');
    return { transport: 'cloud', env: cloudEnv };
  }
  throw new DeskConfigError(`VITE_DESK_TRANSPORT 只能是 local 或 cloud，现在是 ${transport}`);
}
