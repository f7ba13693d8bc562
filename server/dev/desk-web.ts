import { type Stats, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OrganizationRecord, RoleRecord } from '../services/records';
import type { ServiceDeps } from '../services/context';
import { COLLECTIONS } from '../store/indexes';

/**
 * The desk (web/) as the gateway serves it at /desk/: the built files of `vite build web`
 * (web/dist/), any other path under /desk/ answered with index.html so the app's own router
 * shows it (a file name with an extension that does not exist is a 404, not the app).
 */
export const DESK_PREFIX = '/desk/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DeskFile {
  status: 200 | 404;
  contentType: string;
  body: Buffer;
  /** Hashed assets never change; index.html must be asked for again so a new build is seen. */
  cacheControl: string;
}

const NOT_FOUND: DeskFile = {
  status: 404,
  contentType: 'text/plain; charset=utf-8',
  body: Buffer.from('没有这个文件', 'utf8'),
  cacheControl: 'no-store',
};

function fileAt(file: string): Stats | null {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/**
 * The answer for `GET <pathname>` under /desk/, from the build folder `root`. Only paths made
 * of plain segments are looked up: an encoded slash, a backslash, a NUL, `.` or `..` segments or
 * a hidden file never reach the file system (nor does a path that resolves outside `root`).
 */
export function deskFile(root: string, pathname: string): DeskFile {
  const index = path.join(root, 'index.html');
  if (!fileAt(index)) {
    return { ...NOT_FOUND, body: Buffer.from('工作台还没有构建：请运行 npm run build:web（npm start 会自动构建）', 'utf8') };
  }
  const html = (): DeskFile => ({
    status: 200,
    contentType: CONTENT_TYPES['.html'],
    body: readFileSync(index),
    cacheControl: 'no-cache',
  });
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(DESK_PREFIX.length));
  } catch {
    return NOT_FOUND;
  }
  const segments = relative.split('/').filter((segment) => segment !== '');
  const unsafe = segments.some((segment) => segment.startsWith('.') || /[\\\0:]/.test(segment));
  if (unsafe) return NOT_FOUND;
  if (segments.length === 0) return html();
  const file = path.resolve(root, ...segments);
  if (!file.startsWith(path.resolve(root) + path.sep)) return NOT_FOUND;
  const extension = path.extname(file).toLowerCase();
  if (fileAt(file)) {
    const contentType = CONTENT_TYPES[extension];
    if (!contentType) return NOT_FOUND;
    const hashed = segments[0] === 'assets';
    return {
      status: 200,
      contentType,
      body: readFileSync(file),
      cacheControl: hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  }
  // An address of the app (/desk/orgs/o_1) has no extension; a missing file does.
  return extension ? NOT_FOUND : html();
}

export interface DemoIdentity {
  openid: string;
  holderName: string;
  roles: { role: RoleRecord['role']; orgName: string | null }[];
}

/** At most this many posts are read for the development picker. */
const DEMO_ROLES_LIMIT = 200;

/**
 * Development only: who holds a post in the local data, for the desk's demo-identity picker
 * (a sign-in without the phone, by `X-Dev-Openid`). Desk accounts are left out: they sign in by QR.
 */
export async function demoIdentities(deps: ServiceDeps): Promise<DemoIdentity[]> {
  const roles = await deps.store.find<RoleRecord>(COLLECTIONS.roles, {
    where: { revokedAt: null },
    orderBy: [{ field: 'grantedAt', direction: 'asc' }],
    limit: DEMO_ROLES_LIMIT,
  });
  const orgIds = [...new Set(roles.items.map((role) => role.orgId).filter((id): id is string => id !== null))];
  const orgs = await Promise.all(orgIds.map((id) => deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, id)));
  const names = new Map(orgs.filter((org) => org !== null).map((org) => [org._id, org.name]));
  const byHolder = new Map<string, DemoIdentity>();
  for (const role of roles.items) {
    if (role.openid.startsWith('desk:')) continue;
    const identity = byHolder.get(role.openid) ?? { openid: role.openid, holderName: role.holderName, roles: [] };
    identity.roles.push({ role: role.role, orgName: role.orgId ? (names.get(role.orgId) ?? null) : null });
    byHolder.set(role.openid, identity);
  }
  return [...byHolder.values()];
}
