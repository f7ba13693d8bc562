import dayjs from 'dayjs';
import type { ActionInput } from '../contract';
import type { ServiceRequestView } from '../contract/service-requests';
import { TIMEZONE } from '../lib/time';
import type { DemoActor } from './demo-data';

/**
 * The demo's services for members and the policy handbook. 王军's family: his daughter's
 * holiday day-care place (asked by him, taken, answered, handed to the district's day-care
 * programme and closed with the place), his wife's job (asked by the branch on his behalf after
 * a talk, handed to the street's employment office, under way), and his mother's hospital visit
 * (asked eight days ago, not shared with home, still unanswered: the jobs remind the branch and
 * tell the community). And 姑苏区委's handbook: entries in force, one past its end date, one an
 * admin withdrew and one whose source is years old. Safe to run again after a kill: asks and
 * entries carry a requestId, and every step looks first at what the request already holds.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MemberServicesDemoPeople {
  /** 王军, placed in 新桥社区第三党支部. */
  member: string;
  /** 王明, secretary of 第三党支部. */
  secretary: string;
  /** An admin of 姑苏区委, who keeps the district's handbook. */
  districtAdmin: string;
}

export interface MemberServicesDemoPlaces {
  now: Date;
  /** 中共苏州市姑苏区委员会. */
  district: string;
  /** 中共新桥社区委员会. */
  community: string;
}

function dayOf(at: Date): string {
  return dayjs(at).tz(TIMEZONE).format('YYYY-MM-DD');
}

export async function seedMemberServices(
  act: DemoActor,
  places: MemberServicesDemoPlaces,
  people: MemberServicesDemoPeople,
): Promise<void> {
  const { now } = places;
  const daysAgo = (days: number, hours = 0) => new Date(now.getTime() - days * DAY_MS + hours * 3600_000);
  const has = (request: ServiceRequestView, kind: ServiceRequestView['steps'][number]['kind']) =>
    request.steps.some((step) => step.kind === kind);

  // The daughter's holiday day-care: the whole way from the ask to the place.
  let care = await act(
    people.member,
    'service.ask',
    {
      kind: 'schooling',
      title: '女儿假期托管（暑托班）',
      detail:
        '女儿在新桥小学上二年级。我跑快递，爱人在超市上班，寒暑假家里没人带孩子，想给她报社区附近的假期托管班，明年暑假也想报上。',
      shareWithHome: true,
      requestId: 'demo-service-wangjun-care',
    },
    daysAgo(10),
  );
  if (!has(care, 'taken')) {
    care = await act(people.secretary, 'service.take', { serviceId: care.serviceId, version: care.version }, daysAgo(10, 3));
  }
  if (!has(care, 'answered')) {
    care = await act(
      people.secretary,
      'service.answer',
      {
        serviceId: care.serviceId,
        version: care.version,
        text: '已问过街道：区里的爱心托管班面向在姑苏区就业的来苏人员子女，寒假、暑假各办一期，免费。支部帮您联系报名。',
      },
      daysAgo(9),
    );
  }
  if (!has(care, 'handed_on')) {
    care = await act(
      people.secretary,
      'service.handOn',
      {
        serviceId: care.serviceId,
        version: care.version,
        helper: { unit: '姑苏区暑期爱心托管班（新桥小学点）', person: '沈老师', phone: '0512-65221234' },
        text: '请带居住证和劳动合同复印件，周五下午到新桥小学门卫室找沈老师登记。',
      },
      daysAgo(8),
    );
  }
  if (!has(care, 'closed')) {
    await act(
      people.secretary,
      'service.close',
      {
        serviceId: care.serviceId,
        version: care.version,
        outcome: '女儿已登记新桥小学点的假期托管：寒假班 1 月 19 日开班，明年暑托班已预留名额，7 月 1 日报到。',
      },
      daysAgo(5),
    );
  }

  // The wife's job: the branch asked on his behalf after a talk; the street's office is on it.
  let job = await act(
    people.secretary,
    'service.ask',
    {
      memberId: (await act(people.member, 'session.me', {})).member?.memberId,
      kind: 'work',
      title: '爱人想找白班工作',
      detail: '谈心时了解到：王军的爱人在超市做夜班收银，想换一份离家近的白班工作，方便接送孩子。',
      shareWithHome: true,
      requestId: 'demo-service-wangjun-job',
    },
    daysAgo(6),
  );
  if (!has(job, 'answered')) {
    job = await act(
      people.secretary,
      'service.answer',
      {
        serviceId: job.serviceId,
        version: job.version,
        text: '街道人社所每周三上午在平江街道便民服务中心办招聘会，平江路几家超市和社区食堂在招白班，已把招聘信息发给王军。',
      },
      daysAgo(5),
    );
  }
  if (!has(job, 'handed_on')) {
    await act(
      people.secretary,
      'service.handOn',
      {
        serviceId: job.serviceId,
        version: job.version,
        helper: { unit: '平江街道人力资源和社会保障服务所', person: '张科员', phone: '0512-65230001' },
        text: '张科员会帮您爱人登记求职意向，有合适的岗位电话通知。',
      },
      daysAgo(4),
    );
  }

  // His mother's hospital visit: not for home's ears, and nobody has answered it yet.
  await act(
    people.member,
    'service.ask',
    {
      kind: 'medical',
      title: '母亲来苏州看病挂号',
      detail: '母亲下个月从靖江过来看眼睛，不会用手机挂号，想问问附近哪家医院眼科好，异地医保怎么办。',
      shareWithHome: false,
      requestId: 'demo-service-wangjun-medical',
    },
    daysAgo(8),
  );

  await seedHandbook(act, places, people.districtAdmin);
}

type EntryInput = Omit<ActionInput<'handbook.publish'>, 'orgId' | 'requestId'>;

async function seedHandbook(act: DemoActor, places: MemberServicesDemoPlaces, admin: string): Promise<void> {
  const { now } = places;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const year = Number(dayOf(now).slice(0, 4));
  const publish = (key: string, orgId: string, at: Date, entry: EntryInput) =>
    act(admin, 'handbook.publish', { orgId, requestId: `demo-handbook-${key}`, ...entry }, at);

  await publish('social-insurance', places.district, daysAgo(40), {
    topic: 'employment',
    title: '灵活就业人员社会保险补贴',
    body:
      '在苏州市区以灵活方式就业（快递、外卖、网约车、家政等）并按规定缴纳城镇职工社会保险的就业困难人员，可以申请社会保险补贴。\n' +
      '怎么办：在“苏州人社”公众号或到街道人社所提出申请，带身份证、居住证和缴费记录。每年可申请一次，补贴按实际缴费的一定比例发放。',
    source: '苏州市人力资源和社会保障局《关于做好灵活就业人员社会保险补贴申领工作的通知》',
    sourceDate: dayOf(daysAgo(60)),
    sourceUrl: 'https://hrss.suzhou.gov.cn/',
  });
  await publish('injury', places.district, daysAgo(35), {
    topic: 'employment',
    title: '新就业形态劳动者职业伤害保障',
    body:
      '在平台接单的快递员、外卖骑手、网约车司机，由平台按单为您缴纳职业伤害保障费用，个人不用交钱。\n' +
      '送单途中受伤：先就医，保存好病历和票据，30 日内在平台 App 里报案，再按提示提交材料。',
    source: '江苏省人力资源和社会保障厅、江苏省财政厅',
    sourceDate: dayOf(daysAgo(120)),
  });
  // Last summer's notice (this summer's once it is out): published in June, over at the end of August.
  const summer = dayOf(now) >= `${year}-06-15` ? year : year - 1;
  await publish('summer-care', places.district, new Date(`${summer}-06-15T10:00:00+08:00`), {
    topic: 'medical_schooling',
    title: '暑期爱心托管班报名',
    body:
      '面向在姑苏区就业的来苏人员子女（小学一至五年级），7 月初开班，每期四周，免费，含午餐。\n' +
      '凭孩子户口本、父母一方的居住证和劳动合同，到就近的托管点报名；名额有限，先到先得。',
    source: '姑苏区教育体育和文化旅游委员会《姑苏区暑期爱心托管服务工作方案》',
    sourceDate: `${summer}-06-10`,
    validUntil: `${summer}-08-31`,
  });
  await publish('school-entry', places.district, daysAgo(30), {
    topic: 'medical_schooling',
    title: '随迁子女义务教育入学',
    body:
      '持苏州居住证的来苏人员，子女可以在居住地申请就读义务教育学校，按积分排序安排入学。\n' +
      '每年 4 月至 5 月在“苏州市义务教育入学报名”平台报名，准备居住证、社保缴纳证明、住房证明和孩子的户口本。',
    source: '苏州市教育局《苏州市区义务教育阶段学校招生工作意见》',
    sourceDate: dayOf(daysAgo(240)),
  });
  await publish('remote-medical', places.district, daysAgo(20), {
    topic: 'social_security',
    title: '异地就医直接结算备案',
    body:
      '家乡参保、在苏州工作生活的，可以把医保备案到苏州，看病时直接刷医保卡结算，不用回老家报销。\n' +
      '在“国家医保服务平台”App 或参保地医保经办机构办理备案，备案后在苏州定点医院就医即可。',
    source: '国家医疗保障局',
    sourceDate: dayOf(daysAgo(90)),
  });
  await publish('rental', places.district, daysAgo(25), {
    topic: 'housing',
    title: '新市民公共租赁住房申请',
    body:
      '在姑苏区稳定就业、本人及家庭在苏州无自有住房的新市民，可以申请公共租赁住房，租金低于市场价。\n' +
      '带身份证、居住证、劳动合同和社保缴纳证明到区住房保障窗口申请，审核通过后轮候配租。',
    source: '姑苏区住房和城乡建设局',
    sourceDate: dayOf(daysAgo(100)),
  });
  const oldRental = await publish('old-rental', places.district, daysAgo(190), {
    topic: 'housing',
    title: '外来务工人员住房租赁补贴',
    body: '在市区租房居住的外来务工人员，可按月申领住房租赁补贴。',
    source: '姑苏区住房和城乡建设局',
    sourceDate: dayOf(daysAgo(700)),
  });
  if (!oldRental.old || oldRental.old.reason !== 'withdrawn') {
    await act(
      admin,
      'handbook.withdraw',
      { entryId: oldRental.entryId, version: oldRental.version, note: '已停止执行，请看“新市民公共租赁住房申请”' },
      daysAgo(25),
    );
  }
  await publish('member-life', places.community, daysAgo(45), {
    topic: 'member_rights',
    title: '流动党员参加组织生活和交纳党费',
    body:
      '外出的党员可以向现在居住、工作地的党组织报到，参加那里的组织生活，支部会把表现反馈给家乡党组织。\n' +
      '党费仍交给组织关系所在的党支部，可以通过“流动党员之家”或家乡支部告知的方式按月交纳。',
    source: '中共苏州市委组织部',
    sourceDate: dayOf(daysAgo(200)),
  });
  await publish('transfer-guide', places.community, daysAgo(60), {
    topic: 'member_rights',
    title: '党员组织关系转接办理须知',
    body: '在苏州居住、工作稳定满半年的党员，可以把组织关系转到现在的党支部，由支部提议、家乡党组织同意后在全国党员管理信息系统办理。',
    source: '中共苏州市委组织部',
    sourceDate: dayOf(daysAgo(4 * 365)),
  });
}
