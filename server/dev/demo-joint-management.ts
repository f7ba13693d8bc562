import type { ActionInput } from '../contract';
import { shanghaiDate } from '../lib/time';
import type { DemoActor, DemoPhase } from './demo-data';

/**
 * 太仓 and 定远 (about 20,000 workers from 定远 in 太仓): 中共太仓市委员会 and 中共定远县委员会 sign a
 * joint-management agreement, proposed by 太仓 and confirmed by 定远; their joint branch
 * 定远县驻太仓流动党员联合党支部 below 太仓 is administered by both (定远's admin approves a
 * check-in there); one joint meeting was held a month ago, its minutes read by both sides, and
 * the next is scheduled. Every step looks first or carries a requestId: safe to repeat.
 */

export const JOINT_DEMO_OPENIDS = {
  /** Admin of 中共太仓市委员会. */
  taicangAdmin: 'dev_taicang_admin',
  /** Admin of 中共定远县委员会. */
  dingyuanAdmin: 'dev_dingyuan_admin',
  /** Secretary of the joint branch. */
  jointSecretary: 'dev_secretary_taicang_joint',
  /** From 定远, placed in the joint branch (approved by 定远's admin). */
  jointPlaced: 'dev_member_dingyuan_placed',
  /** From 定远, placed in the joint branch by its secretary. */
  jointPlacedToo: 'dev_member_dingyuan_placed2',
  /** From 定远, living in 太仓, not checked in yet: covered by the agreement. */
  jointLiving: 'dev_member_dingyuan_living',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const TAICANG = { province: '江苏省', city: '苏州市', district: '太仓市' };
const DINGYUAN = { province: '安徽省', city: '滁州市', district: '定远县' };

export interface JointDemoPlaces {
  start: Date;
  now: Date;
  systemAdmin: string;
  dyCommittee: string;
  dyVillage: string;
}

type Register = (openid: string, profile: ActionInput<'member.register'>) => Promise<unknown>;

export async function seedJointManagement(
  act: DemoActor,
  phase: DemoPhase,
  register: Register,
  places: JointDemoPlaces,
  idCard: (birth: string, sequence: number) => string,
): Promise<void> {
  const { start, now } = places;
  const people = JOINT_DEMO_OPENIDS;
  const dayOf = (at: Date) => shanghaiDate({ now: () => at });

  const { taicang, joint } = await phase('太仓 and 定远: the organization and the joint branch', async () => {
    const taicang = await act(
      places.systemAdmin,
      'org.create',
      {
        parentId: null,
        name: '中共太仓市委员会',
        kind: 'committee',
        region: TAICANG,
        contact: '太仓市委组织部 0512-53520000',
        requestId: 'demo-org-taicang',
      },
      start,
    );
    const joint = await act(
      places.systemAdmin,
      'org.create',
      {
        parentId: taicang.orgId,
        name: '定远县驻太仓流动党员联合党支部',
        kind: 'branch',
        branchKind: 'hometown',
        hometown: DINGYUAN,
        region: TAICANG,
        address: '太仓市城厢镇新华西路 88 号党群服务中心',
        contact: '王德才 0512-53521188',
        requestId: 'demo-org-taicang-joint',
      },
      start,
    );
    const grant = (openid: string, role: 'org_admin' | 'secretary', orgId: string, holderName: string) =>
      act(places.systemAdmin, 'role.grant', { openid, role, orgId, holderName }, start);
    await grant(people.taicangAdmin, 'org_admin', taicang.orgId, '顾建明');
    await grant(people.dingyuanAdmin, 'org_admin', places.dyCommittee, '孙长林');
    await grant(people.jointSecretary, 'secretary', joint.orgId, '王德才');
    return { taicang, joint };
  });

  const agreementId = await phase('太仓 and 定远: the agreement, proposed and confirmed', async () => {
    const proposedOn = new Date(start.getTime() + 10 * DAY_MS);
    const termStart = dayOf(proposedOn);
    const termEnd = `${Number(termStart.slice(0, 4)) + 3}-${termStart.slice(5)}`;
    const proposed = await act(
      people.taicangAdmin,
      'agreement.propose',
      {
        ownOrgId: taicang.orgId,
        partnerOrgId: places.dyCommittee,
        ownSide: 'inflow',
        title: '太仓市—定远县流动党员双向共管协议',
        termStart,
        termEnd,
        meetingCadence: 'quarterly',
        contact: { name: '顾建明', phone: '0512-53520016' },
        jointOrgIds: [joint.orgId],
        requestId: 'demo-agreement-taicang-dingyuan',
      },
      proposedOn,
    );
    if (proposed.confirmations.outflow === null) {
      await act(
        people.dingyuanAdmin,
        'agreement.confirm',
        { agreementId: proposed.agreementId, version: proposed.version, contact: { name: '孙长林', phone: '0550-4021234' } },
        new Date(proposedOn.getTime() + 2 * DAY_MS),
      );
    }
    return proposed.agreementId;
  });

  await phase('太仓 and 定远: members from 定远 in 太仓', async () => {
    const base = {
      standing: 'full' as const,
      leaveReason: 'work' as const,
      outflow: { kind: 'listed' as const, orgId: places.dyVillage },
      skills: [] as string[],
    };
    const living = (address: string) => ({ region: TAICANG, address });
    await register(people.jointPlaced, {
      ...base,
      name: '张立华',
      gender: 'male',
      idCard: idCard('1983-05-16', 111),
      phone: '13955021111',
      joinedPartyOn: '2008-06-30',
      leftOn: '2021-03',
      residence: living('城厢镇新华西路 120 号 2 幢 301 室'),
      workplace: '太仓港区某物流公司',
      occupation: '叉车司机',
      industry: 'G',
      workPattern: 'irregular',
    });
    await register(people.jointPlacedToo, {
      ...base,
      name: '李春霞',
      gender: 'female',
      idCard: idCard('1989-10-02', 122),
      phone: '13955022222',
      joinedPartyOn: '2013-07-01',
      leftOn: '2022-09',
      residence: living('娄东街道上海东路 16 号'),
      workplace: '太仓某精密制造有限公司',
      occupation: '质检员',
      industry: 'C',
      workPattern: 'regular',
    });
    await register(people.jointLiving, {
      ...base,
      name: '王永胜',
      gender: 'male',
      idCard: idCard('1976-12-20', 133),
      phone: '13955023333',
      joinedPartyOn: '2001-07-01',
      leftOn: '2024-04',
      residence: living('浏河镇闸北路 9 号'),
      workplace: '浏河镇建筑工地',
      occupation: '木工',
      industry: 'E',
      workPattern: 'irregular',
    });
    const checkedInOn = new Date(start.getTime() + 20 * DAY_MS);
    // 定远's admin decides one check-in at the joint branch: the agreement lets both sides administer it.
    for (const [openid, decider] of [
      [people.jointPlaced, people.dingyuanAdmin],
      [people.jointPlacedToo, people.jointSecretary],
    ] as const) {
      const { current } = await act(openid, 'checkin.mine', {}, checkedInOn);
      if (current && current.status !== 'pending') continue;
      const request = current ?? (await act(openid, 'checkin.submit', { orgId: joint.orgId, via: 'scan' }, checkedInOn));
      await act(
        decider,
        'checkin.decide',
        { checkinId: request.checkinId, version: request.version, decision: 'approve' },
        checkedInOn,
      );
    }
  });

  await phase('太仓 and 定远: a joint meeting held, its minutes read, the next one scheduled', async () => {
    const heldAt = new Date(now.getTime() - 30 * DAY_MS);
    const held = await act(
      people.taicangAdmin,
      'jointMeeting.schedule',
      {
        agreementId,
        requestId: 'demo-joint-meeting-held',
        topic: '第三季度联席会议：定远籍流动党员报到和反馈情况',
        place: '太仓市委组织部三楼会议室（定远县委组织部视频参会）',
        date: dayOf(heldAt),
        startTime: '14:30',
        durationMinutes: 120,
      },
      new Date(heldAt.getTime() - 10 * DAY_MS),
    );
    if (held.status === 'scheduled') {
      await act(
        people.taicangAdmin,
        'jointMeeting.record',
        {
          meetingId: held.meetingId,
          version: held.version,
          attendance: [
            { side: 'inflow', name: '顾建明', post: '太仓市委组织部副部长', status: 'present' },
            { side: 'inflow', name: '王德才', post: '联合党支部书记', status: 'present' },
            { side: 'outflow', name: '孙长林', post: '定远县委组织部副部长', status: 'present' },
            { side: 'outflow', name: '陈兴旺', post: '定城镇东门村党支部书记', status: 'leave', reason: '村里秋收' },
          ],
          minutes:
            '一、联合党支部通报：定远籍党员已报到纳入管理两名，另有一名住在浏河镇尚未报到，由支部书记上门联系。\n' +
            '二、定远县委组织部通报党员家中情况：张立华家中老人需要照顾，请流入地在排班上给予关心。\n' +
            '三、商定：春节返乡前由联合党支部与东门村党支部共同开展谈心谈话；下次联席会议在下季度召开。',
        },
        new Date(new Date(held.endsAt).getTime() + 3600_000),
      );
    }
    // 定远 reads the minutes the next day.
    await act(
      people.dingyuanAdmin,
      'jointMeeting.get',
      { meetingId: held.meetingId },
      new Date(new Date(held.endsAt).getTime() + DAY_MS),
    );
    const next = new Date(now.getTime() + 20 * DAY_MS);
    await act(people.dingyuanAdmin, 'jointMeeting.schedule', {
      agreementId,
      requestId: 'demo-joint-meeting-next',
      topic: '第四季度联席会议：春节返乡前的谈心谈话安排',
      place: '定远县委组织部会议室（太仓市委组织部视频参会）',
      date: dayOf(next),
      startTime: '09:30',
      durationMinutes: 90,
    });
  });
}
