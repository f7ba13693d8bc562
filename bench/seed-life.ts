import { studyEntryId, studyPlanId } from '../server/services/study-progress';
import type {
  ActivityRecord,
  AttendanceRecord,
  MemberRecord,
  StudyEntryRecord,
  StudyPlanRecord,
} from '../server/services/records';
import type { DocumentStore, StoredDocument } from '../server/store/document-store';
import { COLLECTIONS } from '../server/store/indexes';
import type { SeededProvince } from './seed-province';

/**
 * A year of organizational life for every placed member, written straight into the store: each
 * branch holds a themed party day and a party-group meeting every month; members attend about
 * 70% of them and ask for leave at about 5%; a few are silent all year (the no-life clock's
 * cases); about half record study against the branch's plan.
 */
export interface LifeShape {
  year: number;
  presentShare: number;
  leaveShare: number;
  /** Members with no attendance at all. */
  silentShare: number;
  /** Members who recorded study (two of the three plan items). */
  studyShare: number;
}

export const LIFE: LifeShape = { year: 2026, presentShare: 0.7, leaveShare: 0.05, silentShare: 0.03, studyShare: 0.5 };

export interface SeededLife {
  placedMembers: number;
  activities: number;
  attendance: number;
  studyEntries: number;
  silent: number;
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Shanghai wall time as the stored UTC instant. */
const instant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

type Slot = { activityId: string; kind: ActivityRecord['kind']; heldOn: string; startsAt: string };

export async function seedLife(store: DocumentStore, province: SeededProvince, shape: LifeShape): Promise<SeededLife> {
  const rand = random(7);
  const stamp = instant(`${shape.year}-01-05`, '10:00');
  const slotsOf = new Map<string, Slot[]>();
  let activities = 0;

  await store.transaction(async (tx) => {
    for (const branch of province.branches) {
      const slots: Slot[] = [];
      for (let month = 1; month <= 12; month += 1) {
        for (const [kind, day] of [
          ['themed_day', 10],
          ['group_meeting', 20],
        ] as const) {
          const heldOn = `${shape.year}-${pad(month)}-${pad(day)}`;
          const startsAt = instant(heldOn, '19:00');
          const activityId = `a_${branch.id}_${month}_${kind === 'themed_day' ? 't' : 'g'}`;
          const record: ActivityRecord = {
            branchId: branch.id,
            branchName: branch.name,
            branchPath: branch.path,
            kind,
            topic: kind === 'themed_day' ? '主题党日' : '党小组会',
            place: '党群服务中心',
            startsAt,
            endsAt: instant(heldOn, '20:30'),
            signInOpensAt: instant(heldOn, '18:30'),
            signInClosesAt: instant(heldOn, '20:30'),
            heldOn,
            volunteerHours: 0,
            status: 'scheduled',
            cancelReason: null,
            presentCount: 0,
            leaveCount: 0,
            createdBy: `bench_sec_${branch.id}`,
            createdByName: '书记',
            createdAt: stamp,
          };
          await tx.insert<ActivityRecord>(COLLECTIONS.activities, { _id: activityId, ...record });
          slots.push({ activityId, kind, heldOn, startsAt });
          activities += 1;
        }
      }
      const plan: StudyPlanRecord = {
        branchId: branch.id,
        branchName: branch.name,
        branchPath: branch.path,
        year: shape.year,
        targetHours: 32,
        items: [
          { itemId: 'i1', title: '党章学习', hours: 8, dueMonth: 3 },
          { itemId: 'i2', title: '党史专题', hours: 12, dueMonth: 7 },
          { itemId: 'i3', title: '全会精神', hours: 12, dueMonth: 12 },
        ],
        publishedAt: stamp,
        publishedBy: `bench_sec_${branch.id}`,
        updatedAt: stamp,
      };
      await tx.insert<StudyPlanRecord>(COLLECTIONS.studyPlans, { _id: studyPlanId(branch.id, shape.year), ...plan });
      slotsOf.set(branch.id, slots);
    }
  });

  // The placed members, read back in pages as any reader would.
  const members: { id: string; name: string; branchId: string; branchPath: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StoredDocument<MemberRecord>[]; nextCursor: string | null } = await store.find<MemberRecord>(
      COLLECTIONS.members,
      {
        where: { status: 'placed' },
        orderBy: [{ field: '_id', direction: 'asc' }],
        limit: 1000,
        cursor,
      },
    );
    for (const member of page.items) {
      if (member.inflowBranchId && member.inflowPath)
        members.push({ id: member._id, name: member.name, branchId: member.inflowBranchId, branchPath: member.inflowPath });
    }
    cursor = page.nextCursor;
  } while (cursor);

  let attendance = 0;
  let studyEntries = 0;
  let silent = 0;
  const BATCH = 2_000;
  for (let start = 0; start < members.length; start += BATCH) {
    await store.transaction(async (tx) => {
      for (const member of members.slice(start, start + BATCH)) {
        const quiet = rand() < shape.silentShare;
        if (quiet) silent += 1;
        for (const slot of quiet ? [] : (slotsOf.get(member.branchId) ?? [])) {
          const roll = rand();
          const status = roll < shape.presentShare ? 'present' : roll < shape.presentShare + shape.leaveShare ? 'leave' : null;
          if (!status) continue;
          const record: AttendanceRecord = {
            activityId: slot.activityId,
            activityKind: slot.kind,
            heldOn: slot.heldOn,
            startsAt: slot.startsAt,
            branchId: member.branchId,
            branchPath: member.branchPath,
            memberId: member.id,
            memberName: member.name,
            status,
            via: status === 'present' ? 'scan' : 'secretary',
            reason: status === 'leave' ? '出车在外' : null,
            volunteerHours: 0,
            recordedAt: slot.startsAt,
            recordedBy: status === 'present' ? member.id : `bench_sec_${member.branchId}`,
            recordedByName: null,
          };
          await tx.insert<AttendanceRecord>(COLLECTIONS.attendance, { _id: `at_${slot.activityId}_${member.id}`, ...record });
          attendance += 1;
        }
        if (rand() < shape.studyShare) {
          for (const [itemId, hours, month] of [
            ['i1', 8, 3],
            ['i2', 12, 6],
          ] as const) {
            const entry: StudyEntryRecord = {
              memberId: member.id,
              branchId: member.branchId,
              year: shape.year,
              itemId,
              title: itemId === 'i1' ? '党章学习' : '党史专题',
              hours,
              status: 'done',
              plannedMonth: month,
              doneOn: `${shape.year}-${pad(month)}-15`,
              note: null,
              recordedBy: null,
              updatedAt: stamp,
            };
            await tx.insert<StudyEntryRecord>(COLLECTIONS.studyEntries, {
              _id: studyEntryId(member.id, shape.year, itemId),
              ...entry,
            });
            studyEntries += 1;
          }
        }
      }
    });
  }
  return { placedMembers: members.length, activities, attendance, studyEntries, silent };
}
