/**
 * Addresses of the screens of life, study and reports, in one place so that every link between them is
 * typed: a page renamed here breaks every caller at compile time.
 */

function withQuery(path: string, query: Record<string, string | number>): string {
  const search = Object.keys(query)
    .map((key) => `${key}=${encodeURIComponent(String(query[key]))}`)
    .join('&');
  return search ? `${path}?${search}` : path;
}

export const PAGES = {
  /** An organization's admins: the 共管协议 it is a party to. */
  agreements: (orgId: string, name: string) => withQuery('/pages/agreements/agreements', { orgId, name }),
  /** A party's admins: one agreement, confirming it, its figures and joint meetings. */
  agreement: (agreementId: string) => withQuery('/pages/agreement/agreement', { agreementId }),
  /** A party's admins: one joint meeting's attendance and minutes (opening them reads them). */
  jointMeeting: (meetingId: string) => withQuery('/pages/joint-meeting/joint-meeting', { meetingId }),
  /** 组织找党员: the movement list's people this organization is to find, and the visit sheet. */
  toFind: (orgId: string) => withQuery('/pages/to-find/to-find', { orgId }),
  /** Either side: 应转尽转, the candidates of a branch, its proposals and the decisions the organization owes. */
  transfers: (orgId: string, name: string, branch: boolean) =>
    withQuery('/pages/transfers/transfers', { orgId, name, branch: branch ? 1 : 0 }),
  /** Secretary: a branch's activities (upcoming/past) and the button to schedule one. */
  activities: (branchId: string) => withQuery('/pages/activities/activities', { branchId }),
  /** Secretary: schedule an activity. */
  activityForm: (branchId: string) => withQuery('/pages/activity-form/activity-form', { branchId }),
  /** Secretary: one activity's attendance sheet and its sign-in code. */
  attendance: (activityId: string) => withQuery('/pages/attendance/attendance', { activityId }),
  /** Secretary: the branch's annual study plan. */
  studyPlan: (branchId: string, year: number) => withQuery('/pages/study-plan/study-plan', { branchId, year }),
  /** Secretary: classification, pairing and each member's study progress. */
  pairing: (branchId: string) => withQuery('/pages/pairing/pairing', { branchId }),
  /** Secretary: reports to write, by due date. */
  reportsToWrite: (branchId: string) => withQuery('/pages/reports-to-write/reports-to-write', { branchId }),
  /** Secretary: edit and submit one report. */
  reportEditor: (reportId: string) => withQuery('/pages/report-editor/report-editor', { reportId }),
  /** Member: my activities, sign-in and record of organizational life. */
  myLife: () => '/pages/my-life/my-life',
  /** Member: the page an activity's sign-in code opens (scene `a=<activityId>`). */
  activitySignIn: (activityId?: string) =>
    activityId ? withQuery('/pages/activity-signin/activity-signin', { activityId }) : '/pages/activity-signin/activity-signin',
  /** Member: my study plan and progress. */
  myStudy: () => '/pages/my-study/my-study',
  /** Outflow organization: the feedback inbox. */
  inbox: (orgId: string) => withQuery('/pages/inbox/inbox', { orgId }),
  /** Either side: one report as submitted, its read receipt, and the thread. */
  report: (reportId: string) => withQuery('/pages/report/report', { reportId }),
  /** Either side: one member's reports across periods. */
  reportHistory: (memberId: string, name = '') =>
    withQuery('/pages/report-history/report-history', name ? { memberId, name } : { memberId }),
  /** An organization's messages: overdue reports, arrivals, replies, warnings. */
  messages: (orgId: string) => withQuery('/pages/messages/messages', { orgId }),
  /** Org admin: reporting period and rule-clock thresholds. */
  orgSettings: (orgId: string) => withQuery('/pages/org-settings/org-settings', { orgId }),
  /** Org admin: where the organization is on the map, the centres it runs, and 归队码 for posters; its secretary reads it. */
  places: (orgId: string) => withQuery('/pages/places/places', { orgId }),
  /** Anyone: the organizations and centres nearest them (what a 归队码 opens, with scene `g=<posterId>`). */
  nearby: () => '/pages/nearby/nearby',
  /** Org admin: members' requests to move their record to a new WeChat account. */
  moveRequests: (orgId: string, name = '') => withQuery('/pages/move-requests/move-requests', name ? { orgId, name } : { orgId }),
  /** Official: the page a desk's sign-in code opens (scene `l=<loginId>`): which computer asks, 确认登录 / 取消. */
  deskLogin: (scene: string) => withQuery('/pages/desk-login/desk-login', { scene }),
  /** Official: 我的电脑登录, the desk sessions still open, each with 退出登录. */
  deskSessions: () => '/pages/desk-sessions/desk-sessions',
  /** Anyone: 我的任职码, the short-lived code the desk appoints them by. */
  myCode: () => '/pages/my-code/my-code',
  /** Member: 家乡事, the think-tank's invitations, its round-tables (signing in) and my suggestions. */
  myHomecoming: () => '/pages/my-homecoming/my-homecoming',
  /** Outflow organization: 返乡工作, the think-tank, its round-tables and the candidates for village posts. */
  homecoming: (orgId: string, name: string) => withQuery('/pages/homecoming/homecoming', { orgId, name }),
  /** Outflow organization: one round-table, its join code and sign-in code, attendance, minutes, suggestions. */
  roundTable: (roundTableId: string) => withQuery('/pages/round-table/round-table', { roundTableId }),
  /** Member: my 流动党员活动证 and its code. */
  myCard: () => '/pages/my-card/my-card',
  /** Member: 我的志愿者技能卡, and residents' requests to it. */
  skillCard: () => '/pages/skill-card/skill-card',
  /** Secretary: the skill cards waiting for the branch, and the community's volunteer code. */
  skillCardReview: (orgId: string) => withQuery('/pages/skill-card-review/skill-card-review', { orgId }),
  /** Anyone: a community's volunteers (by its code's `scene`, or an organization), and my requests for help. */
  communityCards: (orgId?: string) =>
    orgId ? withQuery('/pages/community-cards/community-cards', { orgId }) : '/pages/community-cards/community-cards',
  /** Secretary: a member's card, by the scanned code (`scene`) or by the member. */
  cardScan: (query: { scene: string } | { memberId: string } | null = null) =>
    query ? withQuery('/pages/card-scan/card-scan', query) : '/pages/card-scan/card-scan',
  /** Outflow side: the yearly review (年审) of a member's card. */
  cardReview: (memberId: string, name: string, year: number) =>
    withQuery('/pages/card-review/card-review', { memberId, name, year }),
  /** Secretary: the talks due in a branch. */
  talksDue: (branchId: string) => withQuery('/pages/talks-due/talks-due', { branchId }),
  /** Branch side: record a talk with a member. */
  talkRecord: (memberId: string, name: string, cause = '') =>
    withQuery('/pages/talk-record/talk-record', cause ? { memberId, name, cause } : { memberId, name }),
  /** Branch side: name a member's contact person. */
  contactSet: (memberId: string, name: string) => withQuery('/pages/contact-set/contact-set', { memberId, name }),
  /** Member: my service requests; with an organization, the requests it and the branches below received. */
  services: (orgId = '', name = '') =>
    orgId ? withQuery('/pages/services/services', { orgId, name }) : '/pages/services/services',
  /** Member (or the branch on a member's behalf): ask for help. */
  serviceAsk: (memberId = '', name = '') =>
    memberId ? withQuery('/pages/service-ask/service-ask', { memberId, name }) : '/pages/service-ask/service-ask',
  /** One service request and its steps; the branch takes, answers, hands on and closes it here. */
  serviceRequest: (serviceId: string) => withQuery('/pages/service-request/service-request', { serviceId }),
  /** The policy handbook of the caller's place, or of an organization's. */
  handbook: (orgId = '') => (orgId ? withQuery('/pages/handbook/handbook', { orgId }) : '/pages/handbook/handbook'),
  /** One handbook entry in full. */
  handbookEntry: (entryId: string) => withQuery('/pages/handbook-entry/handbook-entry', { entryId }),
  /** Admin: publish an entry for an organization, or change one. */
  handbookEdit: (target: { orgId: string } | { entryId: string }) => withQuery('/pages/handbook-edit/handbook-edit', target),
} as const;

/** The page the activity sign-in code opens, without the leading slash (as wxacode wants it). */
export const ACTIVITY_SIGNIN_PAGE = 'pages/activity-signin/activity-signin';

/** The page an activity card's code opens (scene `m=<member>`), without the leading slash. */
export const CARD_SCAN_PAGE = 'pages/card-scan/card-scan';
