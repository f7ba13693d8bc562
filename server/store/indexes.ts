import type { IndexDeclaration } from './document-store';

/** Collection names, in one place. */
export const COLLECTIONS = {
  organizations: 'organizations',
  members: 'members',
  checkins: 'checkins',
  roles: 'roles',
  uniqueKeys: 'unique_keys',
  consents: 'consents',
  auditLog: 'audit_log',
  notices: 'notices',
} as const;

const asc = (field: string) => ({ field, direction: 'asc' as const });
const desc = (field: string) => ({ field, direction: 'desc' as const });

/**
 * Every index a list screen or a rule needs, declared once: SQLite creates them at start,
 * `npm run indexes:cloudbase` creates them in a CloudBase environment. Each comment names
 * the query it serves.
 */
export const INDEXES: readonly IndexDeclaration[] = [
  // org.list by parent
  { collection: COLLECTIONS.organizations, name: 'parent_name', fields: [asc('parentId'), asc('name')] },
  // org.list by kind and city; check-in suggestions
  {
    collection: COLLECTIONS.organizations,
    name: 'kind_city_name',
    fields: [asc('kind'), asc('region.city'), asc('name')],
  },
  {
    collection: COLLECTIONS.organizations,
    name: 'branchkind_city_district',
    fields: [asc('branchKind'), asc('region.city'), asc('region.district')],
  },
  // checkin.pending for one branch
  {
    collection: COLLECTIONS.checkins,
    name: 'branch_status_submitted',
    fields: [asc('branchId'), asc('status'), asc('submittedAt')],
  },
  // checkin.pending for an organization above branches
  {
    collection: COLLECTIONS.checkins,
    name: 'status_path_submitted',
    fields: [asc('status'), asc('branchPath'), asc('submittedAt')],
  },
  // checkin.mine
  { collection: COLLECTIONS.checkins, name: 'member_submitted', fields: [asc('memberId'), desc('submittedAt')] },
  // branch.members
  {
    collection: COLLECTIONS.members,
    name: 'branch_status_placed',
    fields: [asc('inflowBranchId'), asc('status'), desc('placedAt')],
  },
  // outflow.members
  { collection: COLLECTIONS.members, name: 'outflow_registered', fields: [asc('outflowPath'), desc('registeredAt')] },
  // session roles
  { collection: COLLECTIONS.roles, name: 'openid_revoked', fields: [asc('openid'), asc('revokedAt')] },
  // outflow.notices
  { collection: COLLECTIONS.notices, name: 'outflow_created', fields: [asc('outflowPath'), desc('createdAt')] },
];
