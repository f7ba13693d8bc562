import type { ActionInput } from '../contract';
import type { DemoActor, DemoPhase } from './demo-data';

/**
 * 亮身份 at 芳华社区: 刘蕾, secretary of 芳华社区第一党支部, has approved three of her members' skill
 * cards (one of them a 党员经营户 with his hardware shop) and has a fourth waiting; residents, who
 * never registered, have asked for help, and there is a request in each state: waiting, taken on
 * with the member's phone shared, declined with a reason, withdrawn by the resident, and
 * confirmed with its hours (which count in the member's volunteer hours).
 */

export const SKILL_CARD_OPENIDS = {
  /** 刘蕾, secretary of 芳华社区第一党支部. */
  fanghuaSecretary: 'dev_secretary_fanghua',
  /** 周海涛: 水电维修, and his shop 海涛五金店 (党员经营户). */
  handyman: 'dev_member_fanghua_zhou',
  /** 陈静: 法律咨询. */
  lawyer: 'dev_member_fanghua_chen',
  /** 马丽: 作业辅导. */
  tutor: 'dev_member_fanghua_ma',
  /** 吴刚: his card waits for 刘蕾. */
  newcomer: 'dev_member_fanghua_wu',
  /** Residents of 芳华社区 with no member record. */
  residentZhang: 'dev_resident_zhang',
  residentLi: 'dev_resident_li',
  residentWang: 'dev_resident_wang',
} as const;

export interface SkillCardDemoPlaces {
  now: Date;
  /** 姑苏区委, whose admin makes the community. */
  szCommittee: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** 芳华社区党群服务中心, near 平江路 (GCJ-02). */
export const FANGHUA_POINT = { latitude: 31.3168, longitude: 120.6318 };

type Register = (openid: string, profile: ActionInput<'member.register'>) => Promise<unknown>;
type Profile = (name: string, gender: 'male' | 'female', sequence: number) => ActionInput<'member.register'>;

export async function seedSkillCards(
  act: DemoActor,
  phase: DemoPhase,
  register: Register,
  profileOf: Profile,
  admin: string,
  places: SkillCardDemoPlaces,
): Promise<void> {
  const { now } = places;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const people = SKILL_CARD_OPENIDS;

  await phase('芳华社区 and its members', async () => {
    const streets = await act(admin, 'org.children', { orgId: places.szCommittee }, daysAgo(60));
    const street = streets.items.find((org) => org.name === '中共姑苏区平江街道工作委员会');
    const suzhou = { province: '江苏省', city: '苏州市', district: '姑苏区' };
    const community = await act(
      admin,
      'org.create',
      {
        parentId: street ? street.orgId : places.szCommittee,
        name: '中共芳华社区委员会',
        kind: 'committee',
        region: suzhou,
        address: '平江街道芳华路 6 号',
        contact: '芳华社区党群服务中心 0512-65238800',
        requestId: 'demo-org-fanghua-community',
      },
      daysAgo(60),
    );
    const branch = await act(
      admin,
      'org.create',
      {
        parentId: community.orgId,
        name: '芳华社区第一党支部',
        kind: 'branch',
        branchKind: 'community',
        region: suzhou,
        requestId: 'demo-org-fanghua-first',
      },
      daysAgo(60),
    );
    await act(
      admin,
      'role.grant',
      { openid: people.fanghuaSecretary, role: 'secretary', orgId: branch.orgId, holderName: '刘蕾' },
      daysAgo(60),
    );
    // On the map, so that residents nearby find its volunteers by their location too.
    const placed = await act(admin, 'place.ofOrg', { orgId: community.orgId }, daysAgo(60));
    if (!placed.location) {
      await act(
        admin,
        'place.setLocation',
        {
          orgId: community.orgId,
          point: FANGHUA_POINT,
          address: '平江街道芳华路 6 号',
          hours: '周一至周六 8:30—17:30',
          contact: '0512-65238800',
          version: null,
        },
        daysAgo(60),
      );
    }
    const members: [string, string, 'male' | 'female', number][] = [
      [people.handyman, '周海涛', 'male', 201],
      [people.lawyer, '陈静', 'female', 202],
      [people.tutor, '马丽', 'female', 204],
      [people.newcomer, '吴刚', 'male', 205],
    ];
    for (const [openid, name, gender, sequence] of members) {
      await register(openid, profileOf(name, gender, sequence));
      const { current } = await act(openid, 'checkin.mine', {}, daysAgo(50));
      if (current && current.status !== 'pending') continue;
      const request = current ?? (await act(openid, 'checkin.submit', { orgId: branch.orgId, via: 'scan' }, daysAgo(50)));
      await act(
        people.fanghuaSecretary,
        'checkin.decide',
        { checkinId: request.checkinId, version: request.version, decision: 'approve' },
        daysAgo(49),
      );
    }
  });

  const cardIds = await phase("芳华社区's skill cards", async () => {
    const cards: [string, Omit<ActionInput<'skillCard.save'>, 'consent' | 'version'>, boolean][] = [
      [
        people.handyman,
        {
          displayName: '周师傅',
          skills: ['水电维修', '家电维修', '换锁开锁'],
          area: '芳华社区一至十二幢',
          times: '每天晚上 6 点以后，周末全天',
          shop: { name: '海涛五金店', address: '芳华路 22 号' },
        },
        true,
      ],
      [
        people.lawyer,
        {
          displayName: '陈律师',
          skills: ['法律咨询', '合同把关'],
          area: '芳华社区',
          times: '每周六上午',
          shop: null,
        },
        true,
      ],
      [
        people.tutor,
        {
          displayName: '马老师',
          skills: ['小学作业辅导', '暑期托管'],
          area: '芳华社区党群服务中心',
          times: '工作日下午 4 点到 6 点',
          shop: null,
        },
        true,
      ],
      [
        people.newcomer,
        {
          displayName: '吴师傅',
          skills: ['电脑维修', '手机使用教学'],
          area: '芳华社区七至十二幢',
          times: '周日下午',
          shop: null,
        },
        false,
      ],
    ];
    const ids: Record<string, string> = {};
    for (const [openid, content, approve] of cards) {
      const mine = await act(openid, 'skillCard.mine', {}, daysAgo(30));
      const card = mine.card ?? (await act(openid, 'skillCard.save', { ...content, consent: true, version: null }, daysAgo(30)));
      ids[openid] = card.cardId;
      if (approve && card.status === 'pending') {
        await act(
          people.fanghuaSecretary,
          'skillCard.review',
          { cardId: card.cardId, version: card.version, decision: 'approve' },
          daysAgo(29),
        );
      }
    }
    return ids;
  });

  await phase('residents asking 芳华社区 for help', async () => {
    const ask = (
      openid: string,
      cardOf: string,
      requestId: string,
      residentName: string,
      phone: string,
      need: string,
      at: Date,
    ) =>
      act(
        openid,
        'help.ask',
        { cardId: cardIds[cardOf], requestId, residentName, residentPhone: phone, need, place: '芳华社区', when: '' },
        at,
      );
    // Confirmed: 张阿姨's tap fixed a week ago, two hours.
    const fixed = await ask(
      people.residentZhang,
      people.handyman,
      'demo-help-zhang-tap',
      '张阿姨',
      '13812340001',
      '厨房水龙头一直滴水',
      daysAgo(9),
    );
    let tap = fixed;
    if (tap.status === 'waiting') {
      const answered = await act(
        people.handyman,
        'help.answer',
        { helpId: tap.helpId, version: tap.version, decision: 'accept', sharePhone: true },
        daysAgo(9),
      );
      tap = { ...tap, status: answered.status, version: answered.version };
    }
    if (tap.status === 'accepted') {
      await act(people.residentZhang, 'help.confirm', { helpId: tap.helpId, version: tap.version, hours: 2 }, daysAgo(7));
    }
    // Waiting: 张阿姨 asks 陈律师 about a rental contract.
    await ask(
      people.residentZhang,
      people.lawyer,
      'demo-help-zhang-lease',
      '张阿姨',
      '13812340001',
      '租房合同想请人看看',
      daysAgo(1),
    );
    // Accepted, phone shared: 李大爷's washing machine.
    const washer = await ask(
      people.residentLi,
      people.handyman,
      'demo-help-li-washer',
      '李大爷',
      '13812340002',
      '洗衣机不脱水',
      daysAgo(2),
    );
    if (washer.status === 'waiting') {
      await act(
        people.handyman,
        'help.answer',
        { helpId: washer.helpId, version: washer.version, decision: 'accept', sharePhone: true },
        daysAgo(2),
      );
    }
    // Declined with a reason: 马老师 is away this week.
    const homework = await ask(
      people.residentLi,
      people.tutor,
      'demo-help-li-homework',
      '李大爷',
      '13812340002',
      '孙子的数学作业想请人辅导',
      daysAgo(4),
    );
    if (homework.status === 'waiting') {
      await act(
        people.tutor,
        'help.answer',
        { helpId: homework.helpId, version: homework.version, decision: 'decline', reason: '这周在外地培训，下周一可以' },
        daysAgo(3),
      );
    }
    // Withdrawn by the resident.
    const care = await ask(
      people.residentWang,
      people.tutor,
      'demo-help-wang-care',
      '王女士',
      '13812340003',
      '暑期托管还有名额吗',
      daysAgo(6),
    );
    if (care.status === 'waiting') {
      await act(people.residentWang, 'help.cancel', { helpId: care.helpId, version: care.version }, daysAgo(5));
    }
  });
}
