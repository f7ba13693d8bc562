import { demoIdCard } from '../server/dev/demo-data';
import { maskAddress, maskIdCard, maskPhone } from '../server/lib/pii';
import type { ServiceDeps } from '../server/services/context';
import { memberIdFor } from '../server/services/members';
import type { CheckinRecord, MemberRecord, OrganizationRecord, RoleRecord } from '../server/services/records';
import type { DocumentStore } from '../server/store/document-store';
import { COLLECTIONS } from '../server/store/indexes';

/**
 * A province-sized dataset written straight into the store (the services would take minutes
 * to make 100,000 members one by one, and the benchmark measures them separately).
 */
export interface ProvinceShape {
  cities: number;
  districtsPerCity: number;
  streetsPerDistrict: number;
  branchesPerStreet: number;
  members: number;
  /** Share of members with a pending check-in, and share already placed. */
  pendingShare: number;
  placedShare: number;
  /** When the placed members were placed; default the seed's "now", 2026-11-01. */
  placedAt?: string;
  /**
   * A labour-exporting county: this share of members comes from the branches of one district
   * (`o_c0d0`), so its admin's inbox holds thousands of reports. Default: none.
   */
  homeCountyShare?: number;
}

export const PROVINCE: ProvinceShape = {
  cities: 13,
  districtsPerCity: 8,
  streetsPerDistrict: 4,
  branchesPerStreet: 6,
  members: 100_000,
  pendingShare: 0.1,
  placedShare: 0.7,
};

const CITIES = [
  '南京市',
  '无锡市',
  '徐州市',
  '常州市',
  '苏州市',
  '南通市',
  '连云港市',
  '淮安市',
  '盐城市',
  '扬州市',
  '镇江市',
  '泰州市',
  '宿迁市',
];

/** The district whose members are {@link ProvinceShape.homeCountyShare} of the province. */
export const HOME_COUNTY = 'o_c0d0';

export interface SeededProvince {
  branches: { id: string; path: string; parentId: string; name: string }[];
  outflowBranches: { id: string; path: string }[];
  pending: { checkinId: string; branchId: string }[];
  registeredOpenids: string[];
  secretaryOf: Map<string, string>;
  organizations: number;
}

/** A deterministic pseudo-random sequence, so every run seeds the same province. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export async function seedProvince(deps: ServiceDeps, store: DocumentStore, shape: ProvinceShape): Promise<SeededProvince> {
  const now = '2026-11-01T02:00:00.000Z';
  const rand = random(42);
  const branches: SeededProvince['branches'] = [];
  const outflowBranches: SeededProvince['outflowBranches'] = [];
  const secretaryOf = new Map<string, string>();
  let organizations = 0;

  const org = (
    id: string,
    parent: { id: string; path: string } | null,
    name: string,
    city: string,
    district: string,
    kind: OrganizationRecord['kind'],
  ) => {
    const record: OrganizationRecord = {
      name,
      kind,
      parentId: parent ? parent.id : null,
      path: `${parent ? parent.path : '/'}${id}/`,
      region: { province: '江苏省', city, district },
      branchKind: kind === 'branch' ? 'community' : null,
      hometown: null,
      industry: null,
      address: null,
      createdAt: now,
      createdBy: 'bench',
    };
    organizations += 1;
    return { record, id, path: record.path };
  };

  await store.transaction(async (tx) => {
    const province = org('o_js', null, '中共江苏省委', '南京市', '玄武区', 'committee');
    await tx.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: province.id, ...province.record });
    for (let c = 0; c < shape.cities; c += 1) {
      const city = CITIES[c % CITIES.length];
      const cityOrg = org(`o_c${c}`, province, `中共${city}委`, city, '市辖区', 'committee');
      await tx.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: cityOrg.id, ...cityOrg.record });
      for (let d = 0; d < shape.districtsPerCity; d += 1) {
        const district = `第${d + 1}区`;
        const districtOrg = org(`o_c${c}d${d}`, cityOrg, `${city}${district}委`, city, district, 'committee');
        await tx.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: districtOrg.id, ...districtOrg.record });
        for (let s = 0; s < shape.streetsPerDistrict; s += 1) {
          const street = org(
            `o_c${c}d${d}s${s}`,
            districtOrg,
            `${city}${district}第${s + 1}街道党工委`,
            city,
            district,
            'committee',
          );
          await tx.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: street.id, ...street.record });
          for (let b = 0; b < shape.branchesPerStreet; b += 1) {
            const name = `${city}${district}第${s + 1}街道第${b + 1}党支部`;
            const branch = org(`o_c${c}d${d}s${s}b${b}`, street, name, city, district, 'branch');
            await tx.insert<OrganizationRecord>(COLLECTIONS.organizations, { _id: branch.id, ...branch.record });
            branches.push({ id: branch.id, path: branch.path, parentId: street.id, name });
            if (s === 0 && b === 0) outflowBranches.push({ id: branch.id, path: branch.path });
            const secretary = `bench_sec_${branch.id}`;
            secretaryOf.set(branch.id, secretary);
            const role: RoleRecord = {
              openid: secretary,
              role: 'secretary',
              orgId: branch.id,
              orgPath: branch.path,
              holderName: '书记',
              grantedBy: 'bench',
              grantedAt: now,
              revokedAt: null,
              revokedBy: null,
            };
            await tx.insert<RoleRecord>(COLLECTIONS.roles, { _id: `r_${branch.id}`, ...role });
          }
        }
      }
    }
  });

  const homeCounty = branches.filter((branch) => branch.path.includes(`/${HOME_COUNTY}/`));
  const placedAt = shape.placedAt ?? now;
  const pending: SeededProvince['pending'] = [];
  const registeredOpenids: string[] = [];
  const BATCH = 5_000;
  for (let start = 0; start < shape.members; start += BATCH) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(start + BATCH, shape.members); i += 1) {
        const openid = `bench_member_${i}`;
        const memberId = memberIdFor(deps, openid);
        const idCard = demoIdCard('320102', `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`, (i % 499) * 2 + 1);
        const phone = `139${String(i).padStart(8, '0')}`;
        let home = outflowBranches[Math.floor(rand() * outflowBranches.length)];
        // Drawn only when asked for, so the default province stays the same draw for draw.
        if (shape.homeCountyShare && rand() < shape.homeCountyShare) home = homeCounty[Math.floor(rand() * homeCounty.length)];
        const roll = rand();
        const status: MemberRecord['status'] =
          roll < shape.pendingShare ? 'pending' : roll < shape.pendingShare + shape.placedShare ? 'placed' : 'registered';
        const branch = branches[Math.floor(rand() * branches.length)];
        const checkinId = status === 'pending' ? `c_${memberId.slice(2)}_1` : null;
        const record: MemberRecord = {
          openid,
          name: `党员${i}`,
          gender: 'male',
          phoneEnc: deps.pii.encrypt(phone),
          phoneMasked: maskPhone(phone),
          idCardEnc: deps.pii.encrypt(idCard),
          idCardHash: deps.pii.lookupHash(`${idCard}:${i}`),
          idCardMasked: maskIdCard(idCard),
          standing: 'full',
          joinedPartyOn: '2010-07-01',
          outflow: { orgId: home.id, name: '流出地党支部', region: { province: '江苏省', city: '泰州市', district: '靖江市' } },
          outflowPath: home.path,
          leftOn: '2024-03',
          leaveReason: 'work',
          residence: {
            region: { province: '江苏省', city: '苏州市', district: '第1区' },
            addressEnc: deps.pii.encrypt('某路 1 号'),
            addressMasked: maskAddress('某路 1 号'),
          },
          workplace: '某公司',
          occupation: '职员',
          industry: 'O',
          workPattern: 'regular',
          skills: [],
          status,
          inflowBranchId: status === 'placed' ? branch.id : null,
          inflowBranchName: status === 'placed' ? branch.name : null,
          inflowPath: status === 'placed' ? branch.path : null,
          placedAt: status === 'placed' ? placedAt : null,
          openCheckinId: checkinId,
          checkinCount: status === 'registered' ? 0 : 1,
          consentVersion: '2026-11-v1',
          registeredAt: now,
          updatedAt: now,
        };
        await tx.insert<MemberRecord>(COLLECTIONS.members, { _id: memberId, ...record });
        if (checkinId) {
          const checkin: CheckinRecord = {
            memberId,
            memberName: record.name,
            memberStanding: 'full',
            memberOutflowName: record.outflow.name,
            branchId: branch.id,
            branchName: branch.name,
            branchPath: branch.path,
            status: 'pending',
            via: 'scan',
            submittedAt: new Date(Date.parse(now) + i * 1000).toISOString(),
            decidedAt: null,
            decidedBy: null,
            decidedByName: null,
            reason: null,
            placedBranchId: null,
            placedBranchName: null,
          };
          await tx.insert<CheckinRecord>(COLLECTIONS.checkins, { _id: checkinId, ...checkin });
          pending.push({ checkinId, branchId: branch.id });
        }
        if (status === 'registered') registeredOpenids.push(openid);
      }
    });
  }
  return { branches, outflowBranches, pending, registeredOpenids, secretaryOf, organizations };
}
