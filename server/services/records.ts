import type {
  BranchKind,
  CheckinStatus,
  CheckinVia,
  Gender,
  Hometown,
  Industry,
  LeaveReason,
  MemberStatus,
  OrgKind,
  Region,
  Role,
  Standing,
  WorkPattern,
} from '../contract';

/**
 * The shapes of stored records. Sensitive fields are stored only encrypted (`*Enc`), with a
 * keyed hash where a look-up needs one (`*Hash`) and a masked copy for lists (`*Masked`).
 */

export interface OrganizationRecord {
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** Ancestor ids and its own, `/root/child/self/`: "below X" is a prefix range on it. */
  path: string;
  region: Region;
  branchKind: BranchKind | null;
  hometown: Hometown | null;
  industry: Industry | null;
  address: string | null;
  createdAt: string;
  createdBy: string;
}

export interface MemberRecord {
  openid: string;
  name: string;
  gender: Gender;
  phoneEnc: string;
  phoneMasked: string;
  idCardEnc: string;
  idCardHash: string;
  idCardMasked: string;
  standing: Standing;
  joinedPartyOn: string;
  outflow: { orgId: string | null; name: string; region: Region };
  /** Path of the outflow organization when it is on the system, else null. */
  outflowPath: string | null;
  leftOn: string;
  leaveReason: LeaveReason;
  residence: { region: Region; addressEnc: string; addressMasked: string };
  workplace: string;
  occupation: string;
  industry: Industry;
  workPattern: WorkPattern;
  skills: string[];
  status: MemberStatus;
  inflowBranchId: string | null;
  inflowBranchName: string | null;
  inflowPath: string | null;
  placedAt: string | null;
  openCheckinId: string | null;
  checkinCount: number;
  consentVersion: string;
  registeredAt: string;
  updatedAt: string;
}

export interface CheckinRecord {
  memberId: string;
  memberName: string;
  memberStanding: Standing;
  memberOutflowName: string;
  branchId: string;
  branchName: string;
  branchPath: string;
  status: CheckinStatus;
  via: CheckinVia;
  submittedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  reason: string | null;
  placedBranchId: string | null;
  placedBranchName: string | null;
}

export interface RoleRecord {
  openid: string;
  role: Role;
  orgId: string | null;
  orgPath: string | null;
  holderName: string;
  grantedBy: string;
  grantedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface UniqueKeyRecord {
  owner: string;
  createdAt: string;
}

export interface ConsentRecord {
  openid: string;
  /** Not `version`: that name belongs to the store's compare-and-set counter. */
  noticeVersion: string;
  agreedAt: string;
}

export interface AuditRecord {
  actorOpenid: string;
  action: 'reveal_sensitive';
  memberId: string;
  field: 'idCard' | 'phone' | 'address';
  at: string;
}

export interface NoticeRecord {
  kind: 'member_placed';
  outflowOrgId: string;
  outflowPath: string;
  memberId: string;
  memberName: string;
  branchId: string;
  branchName: string;
  branchRegion: Region;
  createdAt: string;
}
