import type { ActionOutput, OrgKind, OrgView, RoleView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { activityWhen, kindText } from '../../services/activity-text';
import { todayCst } from '../../services/format';
import { ROLE_LABELS } from '../../services/labels';
import { PAGES } from '../../services/pages';
import { type Notice, NO_NOTICE, memberDetailUrl, noticeFor, urlOf } from '../../services/navigation';
import {
  type FetchPage,
  FIRST_PAGE_LOADING,
  NEXT_PAGE_LOADING,
  canLoadMore,
  loadFirstPage,
  loadNextPage,
  pagedList,
} from '../../services/paged-list';

type Me = ActionOutput<'session.me'>;
type Standing = 'unregistered' | 'registered' | 'pending' | 'placed' | 'returned' | 'transferred';

interface WorkEntry {
  title: string;
  description: string;
  url: string;
}

interface WorkGroup {
  orgId: string;
  heading: string;
  entries: WorkEntry[];
}

const STANDING_TEXT: Record<Standing, string> = {
  unregistered: '未登记',
  registered: '已登记，尚未报到',
  pending: '报到待审批',
  placed: '已纳入支部管理',
  transferred: '组织关系已转入本地支部',
  returned: '已返回家乡',
};

function standingOf(me: Me): Standing {
  return me.member ? me.member.status : 'unregistered';
}

function nextStepOf(me: Me): { text: string; url: string } {
  const consented = me.consent.agreedVersion === me.consent.currentVersion;
  switch (standingOf(me)) {
    case 'unregistered':
      return consented ? { text: '填写登记信息', url: urlOf('profile') } : { text: '同意告知并登记', url: urlOf('consent') };
    case 'registered':
      return { text: '去报到', url: urlOf('checkin') };
    case 'pending':
      return { text: '查看报到进度', url: urlOf('checkin-status') };
    case 'placed':
    case 'transferred':
      return { text: '查看报到记录', url: urlOf('checkin-status') };
    case 'returned':
      return { text: '我的组织生活', url: PAGES.myLife() };
  }
}

function detailOf(me: Me): string {
  const member = me.member;
  if (!member) return '登记后，您可以向现在居住、工作地的党支部报到，参加组织生活。';
  if (member.status === 'registered') return '请向您现在居住或工作地的党支部报到，可以扫支部的报到码，也可以从推荐的支部中选择。';
  if (member.status === 'pending') return '您的报到申请已提交，支部书记审批后会更新在这里。';
  if (member.status === 'transferred') {
    return `您的组织关系已转入“${member.inflowBranch?.name ?? '流入地党支部'}”，是这个支部的正式党员。`;
  }
  if (member.status === 'returned') {
    return '家乡党组织已登记您返回，流动结束。您可以参加家乡支部的组织生活；再次外出时，请向新的党支部报到。';
  }
  return `您已纳入“${member.inflowBranch?.name ?? '流入地党支部'}”管理。`;
}

/**
 * The work one can do for an organization one manages. A branch runs organizational life,
 * study and the reports it owes; every organization reads the reports on the members it sent
 * out; an admin also sets the organization's rules.
 */
function workEntriesOf(orgId: string, orgName: string, orgKind: OrgKind | null, admin: boolean): WorkEntry[] {
  const query = (key: string) => `${key}=${encodeURIComponent(orgId)}&name=${encodeURIComponent(orgName)}`;
  const entries: WorkEntry[] = [
    {
      title: '待审批报到',
      description: '审批、转交报到申请，出示本组织的报到码',
      url: `/pages/pending/pending?${query('orgId')}`,
    },
  ];
  if (orgKind === 'branch') {
    entries.push(
      {
        title: '支部党员',
        description: '本支部党员名单和报到码',
        url: `/pages/branch-members/branch-members?${query('branchId')}`,
      },
      { title: '组织生活', description: '安排三会一课、主题党日、志愿服务，登记签到', url: PAGES.activities(orgId) },
      { title: '学习计划', description: '发布今年的学习计划', url: PAGES.studyPlan(orgId, Number(todayCst().slice(0, 4))) },
      { title: '分类管理与结对', description: '结对学习、自主选学和每人的学习进度', url: PAGES.pairing(orgId) },
      { title: '反馈报告', description: '向党员的流出地党组织反馈表现', url: PAGES.reportsToWrite(orgId) },
      { title: '谈心谈话提醒', description: '纳入管理、春节返乡前、连续缺席后应谈的话', url: PAGES.talksDue(orgId) },
      { title: '技能卡审核', description: '党员的志愿者技能卡，审核后向居民展示', url: PAGES.skillCardReview(orgId) },
    );
  }
  entries.push(
    { title: '待找党员', description: '流动党员名单上还没登记的人，走访后登记结果', url: PAGES.toFind(orgId) },
    {
      title: '外出党员',
      description: '本组织外出党员现在在哪里',
      url: `/pages/outflow-members/outflow-members?${query('orgId')}`,
    },
    { title: '反馈收件箱', description: '流入地党组织对外出党员的反馈', url: PAGES.inbox(orgId) },
    {
      title: '返乡工作',
      description: '智囊团、返乡党员圆桌会和建议办理、村级岗位人选',
      url: PAGES.homecoming(orgId, orgName),
    },
    {
      title: '组织关系转接',
      description:
        orgKind === 'branch' ? '应转尽转的党员、提议转接、答复转入本地的提议' : '下级支部的转接提议，以及要本组织答复的转接',
      url: PAGES.transfers(orgId, orgName, orgKind === 'branch'),
    },
    { title: '提醒', description: '报告逾期、收到反馈和留言、组织生活预警', url: PAGES.messages(orgId) },
    {
      title: '服务诉求',
      description: '党员提出的就业、住房、子女上学等诉求：受理、答复、转交、办结',
      url: PAGES.services(orgId, orgName),
    },
    { title: '扫描活动证', description: '扫党员的流动党员活动证，查看他的情况', url: PAGES.cardScan() },
  );
  if (admin) {
    entries.push(
      { title: '规则设置', description: '反馈周期、学时目标、预警时间', url: PAGES.orgSettings(orgId) },
      { title: '地点与归队码', description: '在地图上标出本组织和党群服务中心，生成海报上的归队码', url: PAGES.places(orgId) },
      { title: '政策手册', description: '发布、修改本地的就业、就学、住房等政策', url: PAGES.handbook(orgId) },
      { title: '找回档案申请', description: '换了微信号的党员申请找回原来的档案', url: PAGES.moveRequests(orgId, orgName) },
      { title: '共管协议', description: '与另一地党组织的双向共管协议、联席会议和纪要', url: PAGES.agreements(orgId, orgName) },
    );
  }
  return entries;
}

/** One group per organization the caller holds a role in; a system admin's role names none (see topOrgs). */
export function workGroupsOf(roles: RoleView[]): WorkGroup[] {
  const groups: WorkGroup[] = [];
  for (const role of roles) {
    if (!role.orgId || !role.orgName) continue;
    const existing = groups.find((group) => group.orgId === role.orgId);
    if (existing) {
      existing.heading += `、${ROLE_LABELS[role.role]}`;
      if (role.role !== 'secretary') existing.entries = workEntriesOf(role.orgId, role.orgName, role.orgKind, true);
      continue;
    }
    groups.push({
      orgId: role.orgId,
      heading: `${role.orgName} · ${ROLE_LABELS[role.role]}`,
      entries: workEntriesOf(role.orgId, role.orgName, role.orgKind, role.role !== 'secretary'),
    });
  }
  return groups;
}

/** A system admin manages every organization: start from the top-level ones. */
function topOrgGroupOf(org: OrgView): WorkGroup {
  return {
    orgId: org.orgId,
    heading: `${org.name} · ${ROLE_LABELS.system_admin}`,
    entries: workEntriesOf(org.orgId, org.name, org.kind, true),
  };
}

/** `org.list` with no filter answers the top-level organizations. */
const topLevelOrgs: FetchPage<OrgView> = (cursor) => callAction('org.list', cursor ? { cursor } : {});

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    name: '',
    memberId: '',
    standing: 'unregistered' as Standing,
    standingText: '',
    detail: '',
    nextText: '',
    nextUrl: '',
    registered: false,
    consentOutdated: false,
    workGroups: [] as WorkGroup[],
    systemAdmin: false,
    /** Those who manage an organization see their work first, their own standing after it. */
    hasWork: false,
    topOrgs: pagedList<WorkGroup>(),
    /** Everyone in a post can sign the desk in from here. */
    deskSessionsUrl: PAGES.deskSessions(),
    /** The placed member's next activity, e.g. `主题党日 · 2026年12月1日 19:00–20:30 · 党员活动室`; '' when none. */
    nextActivity: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('session.me', {});
      if (!result.ok) {
        // On home itself, every failure is retried here.
        this.setData({ status: 'error', error: { ...noticeFor(result.error), actionText: '重试', action: 'reload' } });
        return;
      }
      const me = result.data;
      const standing = standingOf(me);
      const next = nextStepOf(me);
      const systemAdmin = me.roles.some((role) => role.role === 'system_admin');
      const workGroups = workGroupsOf(me.roles);
      this.setData({
        status: 'ready',
        name: me.member ? me.member.name : '',
        memberId: me.member ? me.member.memberId : '',
        standing,
        standingText: STANDING_TEXT[standing],
        detail: detailOf(me),
        nextText: next.text,
        nextUrl: next.url,
        registered: me.member !== null,
        consentOutdated: me.member !== null && me.consent.agreedVersion !== me.consent.currentVersion,
        workGroups,
        systemAdmin,
        hasWork: systemAdmin || workGroups.length > 0,
      });
      if (systemAdmin) await this.loadTopOrgs();
      if (standing === 'placed') await this.loadNextActivity();
    },
    /** Members are told of what their branch schedules here, where they look first. */
    async loadNextActivity() {
      const result = await callAction('life.mine', {});
      // The rest of home stands on its own: without this line it is still complete.
      if (!result.ok) return;
      const next = result.data.upcoming.find((entry) => entry.activity.status === 'scheduled');
      this.setData({
        nextActivity: next ? `${kindText(next.activity)} · ${activityWhen(next.activity)} · ${next.activity.place}` : '',
      });
    },
    onStateAction() {
      this.load();
    },
    async loadTopOrgs() {
      this.setData({ topOrgs: { ...this.data.topOrgs, ...FIRST_PAGE_LOADING } });
      const patch = await loadFirstPage(topLevelOrgs, topOrgGroupOf);
      this.setData({ topOrgs: { ...this.data.topOrgs, ...patch } });
    },
    onTopOrgsRetry() {
      this.loadTopOrgs();
    },
    async onMoreTopOrgs() {
      if (!canLoadMore(this.data.topOrgs)) return;
      this.setData({ topOrgs: { ...this.data.topOrgs, ...NEXT_PAGE_LOADING } });
      const patch = await loadNextPage(() => this.data.topOrgs, topLevelOrgs, topOrgGroupOf);
      this.setData({ topOrgs: { ...this.data.topOrgs, ...patch } });
    },
    onNext() {
      if (this.data.nextUrl) wx.navigateTo({ url: this.data.nextUrl });
    },
    onMyLife() {
      wx.navigateTo({ url: PAGES.myLife() });
    },
    onMyStudy() {
      wx.navigateTo({ url: PAGES.myStudy() });
    },
    /** 离开本支部: on the member's own record, where the history of placements is too. */
    onLeaveBranch() {
      wx.navigateTo({ url: memberDetailUrl(this.data.memberId, this.data.name) });
    },
    onServices() {
      wx.navigateTo({ url: PAGES.services() });
    },
    onHandbook() {
      wx.navigateTo({ url: PAGES.handbook() });
    },
    onMyCard() {
      wx.navigateTo({ url: PAGES.myCard() });
    },
    onSkillCard() {
      wx.navigateTo({ url: PAGES.skillCard() });
    },
    onCommunityHelp() {
      wx.navigateTo({ url: PAGES.communityCards() });
    },
    onMyHomecoming() {
      wx.navigateTo({ url: PAGES.myHomecoming() });
    },
    onMyCode() {
      wx.navigateTo({ url: PAGES.myCode() });
    },
    onEditProfile() {
      wx.navigateTo({ url: urlOf('profile') });
    },
    onReadConsent() {
      wx.navigateTo({ url: urlOf('consent') });
    },
    onWork(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      const url = event.currentTarget.dataset.url;
      if (url) wx.navigateTo({ url });
    },
  },
});
