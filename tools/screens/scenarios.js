/*
 * Every screen `npm run screens` shows: each page of app.json as each demo identity sees it (README.md,
 * server/dev/demo-data.ts), and its empty, loading and error states and its sheets and dialogs open.
 * The only list of scenarios: add a line here when you add a page or a state (the check fails when a
 * page of app.json has none, or when a step matches nothing on its page).
 *
 * A scenario: { name, url, openid, note?,
 *   steps?: [{ sel, nth?, event? = 'tap', detail?, wait? } | { call: 'method', args }]  taps and input,
 *           dispatched on the component as WeChat would; `sel` may cross components with `a >>> b`,
 *   replies?: { action: value | (input, call) => value }  an action's reply (empty states),
 *   fail?: [action] / failAll?   the network fails (error states),
 *   hold?: [action] / holdAll?   the answer never comes (loading states),
 *   viewport?     one screen instead of the whole page (sheets, dialogs, states),
 *   showModal? / showToast?   draw the last wx.showModal / wx.showToast,
 *   location? / chooseLocation?   what wx.getLocation finds / wx.chooseLocation picks (else refused / closed),
 *   confirmModals?   answer wx.showModal with OK }
 * `api(openid, action, input)` asks the gateway for ids, which differ in every fresh data folder.
 * Scenarios run in this order on one gateway; those that write go last.
 */
const enc = encodeURIComponent;
const NET = { __transport: 'request:fail timeout' };
const err = (code, message = code) => ({ ok: false, error: { code, message } });
const emptyPage = { ok: true, data: { items: [], nextCursor: null } };

module.exports = async function scenarios(api) {
  const orgOf = async (openid) => (await api(openid, 'session.me')).roles[0];
  const X = await orgOf('dev_secretary_xinqiao'); // 新桥社区第一党支部 (pending requests)
  const J = await orgOf('dev_secretary_jingjiang'); // 靖江市驻苏州流动党员党支部
  const JJ = await orgOf('dev_jingjiang_admin'); // 中共靖江市委员会 (hometown side)
  const XC = await orgOf('dev_xinqiao_admin'); // 中共新桥社区委员会 (its own code; a request forwarded up)
  const placedMe = await api('dev_member_placed', 'session.me');
  const life = await api('dev_member_placed', 'life.mine');
  const upcoming = life.upcoming[0] && life.upcoming[0].activity;
  const pastJ = (await api('dev_secretary_jingjiang', 'activity.list', { branchId: J.orgId, when: 'past', limit: 5 })).items;
  const membersX = (await api('dev_secretary_xinqiao', 'branch.members', { branchId: X.orgId })).items;
  const membersJ = (await api('dev_secretary_jingjiang', 'branch.members', { branchId: J.orgId })).items;
  const drafts = (await api('dev_secretary_jingjiang', 'report.toWrite', { branchId: J.orgId })).items;
  const inbox = (await api('dev_jingjiang_admin', 'report.inbox', { orgId: JJ.orgId })).items;
  const unread = inbox.find((r) => !r.readAt) || inbox[0];
  const answered = inbox.find((r) => r.replyCount > 0) || inbox[0];
  const year = 2026;
  const member = membersJ.find((m) => m.name === '赵志强') || membersJ[0];
  const returnedMe = (await api('dev_member_returned', 'session.me')).member;
  const pendingJ = (await api('dev_secretary_jingjiang', 'checkin.pending', { orgId: J.orgId })).items;
  const movedIndex = pendingJ.findIndex((c) => c.previousPlacement);
  const placedCard = await api('dev_member_placed', 'card.mine');
  // The village: home branch of the demo's members, where 返乡报到 is held.
  const village = returnedMe && returnedMe.outflow.orgId;
  const pastVillage = village
    ? (await api('dev_jingjiang_admin', 'activity.list', { branchId: village, when: 'past', limit: 20 })).items
    : [];
  const homecoming = pastVillage.find((a) => a.kind === 'homecoming_report');
  // 周永福 moved mid-quarter from 第一党支部 to 第三党支部: the second branch's share of that quarter.
  const movedMe = (await api('dev_member_moved', 'session.me')).member;
  const movedReports = (await api('dev_xinqiao_admin', 'report.history', { memberId: movedMe.memberId })).items;
  const secondShare = movedReports.find((r) => /_p\d+$/.test(r.reportId));
  const untalked = membersJ.find((m) => m.memberId !== placedCard.memberId) || member;

  const S = [];
  const add = (o) => S.push(o);
  const q = (o) => `${o.orgId}&name=${enc(o.orgName)}`;

  // ---- member: home in each standing ---------------------------------------------------
  add({ name: 'home-new', url: '/pages/home/home', openid: 'dev_member_new', note: '新用户首页' });
  add({ name: 'home-registered', url: '/pages/home/home', openid: 'dev_member_registered' });
  add({ name: 'home-pending', url: '/pages/home/home', openid: 'dev_member_pending' });
  add({ name: 'home-placed', url: '/pages/home/home', openid: 'dev_member_placed' });
  add({ name: 'home-rejected', url: '/pages/home/home', openid: 'dev_member_rejected' });
  add({ name: 'home-returned', url: '/pages/home/home', openid: 'dev_member_returned', note: '返回登记后的首页' });
  add({ name: 'home-loading', url: '/pages/home/home', openid: 'dev_member_placed', holdAll: true, viewport: true });
  add({ name: 'home-error', url: '/pages/home/home', openid: 'dev_member_placed', failAll: true, viewport: true });
  add({
    name: 'home-error-internal',
    url: '/pages/home/home',
    openid: 'dev_member_placed',
    replies: { 'session.me': err('INTERNAL', 'db down') },
    viewport: true,
  });
  add({ name: 'consent', url: '/pages/consent/consent', openid: 'dev_member_new' });
  add({ name: 'consent-error', url: '/pages/consent/consent', openid: 'dev_member_new', failAll: true, viewport: true });
  add({
    name: 'profile-new',
    url: '/pages/profile/profile',
    openid: 'dev_member_new',
    replies: {
      'session.me': async (i, call) => {
        const r = await call('session.me', {});
        r.data.consent.agreedVersion = r.data.consent.currentVersion;
        return r;
      },
    },
  });
  add({
    name: 'profile-new-errors',
    url: '/pages/profile/profile',
    openid: 'dev_member_new',
    steps: [{ sel: '#submit' }],
    replies: {
      'session.me': async (i, call) => {
        const r = await call('session.me', {});
        r.data.consent.agreedVersion = r.data.consent.currentVersion;
        return r;
      },
    },
  });
  add({ name: 'profile-no-consent', url: '/pages/profile/profile', openid: 'dev_member_new', viewport: true });
  add({ name: 'profile-edit', url: '/pages/profile/profile', openid: 'dev_member_placed' });
  add({ name: 'checkin', url: '/pages/checkin/checkin', openid: 'dev_member_registered' });
  add({
    name: 'checkin-search',
    url: '/pages/checkin/checkin',
    openid: 'dev_member_registered',
    steps: [{ sel: '#query', event: 'change', detail: { value: '新桥' } }, { sel: '#search' }],
  });
  add({
    name: 'checkin-search-none',
    url: '/pages/checkin/checkin',
    openid: 'dev_member_registered',
    steps: [{ sel: '#query', event: 'change', detail: { value: '不存在的支部' } }, { sel: '#search' }],
  });
  add({
    name: 'checkin-sheet',
    url: '/pages/checkin/checkin',
    openid: 'dev_member_registered',
    steps: [{ sel: '.suggestion', event: 'click' }],
    viewport: true,
  });
  add({ name: 'checkin-status-pending', url: '/pages/checkin-status/checkin-status', openid: 'dev_member_pending' });
  add({ name: 'checkin-status-rejected', url: '/pages/checkin-status/checkin-status', openid: 'dev_member_rejected' });
  add({ name: 'checkin-status-placed', url: '/pages/checkin-status/checkin-status', openid: 'dev_member_placed' });
  add({ name: 'checkin-status-none', url: '/pages/checkin-status/checkin-status', openid: 'dev_member_registered' });
  add({ name: 'checkin-status-forwarded', url: '/pages/checkin-status/checkin-status', openid: 'dev_member_forwarded' });
  add({ name: 'checkin-status-committee', url: '/pages/checkin-status/checkin-status', openid: 'dev_member_wangjun' });
  add({
    name: 'checkin-status-withdraw',
    url: '/pages/checkin-status/checkin-status',
    openid: 'dev_member_pending',
    steps: [{ sel: '#withdraw' }],
    showModal: true,
    viewport: true,
  });

  // ---- member: joint management ------------------------------------------------------
  add({ name: 'my-life', url: '/pages/my-life/my-life', openid: 'dev_member_placed' });
  add({
    name: 'my-life-empty',
    url: '/pages/my-life/my-life',
    openid: 'dev_member_placed',
    replies: {
      'life.mine': async (i, call) => {
        const r = await call('life.mine', {});
        Object.assign(r.data, {
          upcoming: [],
          history: [],
          attendedThisYear: 0,
          volunteerHoursThisYear: 0,
          serviceHoursThisYear: 0,
          lastLifeOn: null,
        });
        return r;
      },
    },
  });
  add({ name: 'my-life-not-placed', url: '/pages/my-life/my-life', openid: 'dev_member_registered', viewport: true });
  add({ name: 'my-life-error', url: '/pages/my-life/my-life', openid: 'dev_member_placed', failAll: true, viewport: true });
  if (upcoming) {
    add({
      name: 'activity-signin',
      url: `/pages/activity-signin/activity-signin?activityId=${upcoming.activityId}`,
      openid: 'dev_member_placed',
    });
    // The demo's next activity is days away, so its sign-in is not open: these two show the
    // page while sign-in is open (the real view, its state set to open) and after the tap.
    const signInOpen = {
      'activity.resolveCode': async (input, call) => {
        const r = await call('activity.resolveCode', input);
        if (r.ok) r.data.signIn.state = 'open';
        return r;
      },
    };
    add({
      name: 'activity-signin-open',
      url: `/pages/activity-signin/activity-signin?activityId=${upcoming.activityId}`,
      openid: 'dev_member_placed',
      replies: signInOpen,
    });
    add({
      name: 'activity-signin-tap',
      url: `/pages/activity-signin/activity-signin?activityId=${upcoming.activityId}`,
      openid: 'dev_member_placed',
      replies: {
        ...signInOpen,
        'activity.signIn': {
          ok: true,
          data: {
            alreadySignedIn: false,
            attendance: {
              attendanceId: `at_${upcoming.activityId}_${placedMe.member.memberId}`,
              activityId: upcoming.activityId,
              memberId: placedMe.member.memberId,
              memberName: placedMe.member.name,
              status: 'present',
              via: 'scan',
              reason: null,
              volunteerHours: 0,
              recordedAt: upcoming.startsAt,
              recordedByName: null,
              version: 1,
            },
          },
        },
      },
      steps: [{ sel: '#sign-in' }],
    });
    add({
      name: 'activity-signin-not-member',
      url: `/pages/activity-signin/activity-signin?activityId=${upcoming.activityId}`,
      openid: 'dev_member_registered',
    });
  }
  add({ name: 'activity-signin-bad-code', url: '/pages/activity-signin/activity-signin?scene=zzz', openid: 'dev_member_placed' });
  add({ name: 'my-study', url: '/pages/my-study/my-study', openid: 'dev_member_placed' });
  add({
    name: 'my-study-record',
    url: '/pages/my-study/my-study',
    openid: 'dev_member_placed',
    steps: [{ sel: '.record' }],
    viewport: true,
  });
  add({ name: 'my-study-error', url: '/pages/my-study/my-study', openid: 'dev_member_placed', failAll: true, viewport: true });

  add({ name: 'my-card', url: '/pages/my-card/my-card', openid: 'dev_member_placed' });
  add({ name: 'my-card-new', url: '/pages/my-card/my-card', openid: 'dev_member_registered' });
  add({ name: 'my-card-unregistered', url: '/pages/my-card/my-card', openid: 'dev_member_new', viewport: true });
  add({ name: 'my-card-loading', url: '/pages/my-card/my-card', openid: 'dev_member_placed', holdAll: true, viewport: true });
  add({ name: 'my-card-error', url: '/pages/my-card/my-card', openid: 'dev_member_placed', failAll: true, viewport: true });

  // 我的任职码: anyone shows it (an official-to-be who is not a mobile member too); it writes a code, harmless to the rest.
  add({ name: 'my-code', url: '/pages/my-code/my-code', openid: 'dev_member_new', note: '被任命时出示的任职码' });
  add({ name: 'my-code-loading', url: '/pages/my-code/my-code', openid: 'dev_member_new', holdAll: true, viewport: true });
  add({ name: 'my-code-error', url: '/pages/my-code/my-code', openid: 'dev_member_new', failAll: true, viewport: true });

  // ---- secretary ------------------------------------------------------------------------
  add({ name: 'home-secretary', url: '/pages/home/home', openid: 'dev_secretary_xinqiao' });
  add({ name: 'pending', url: `/pages/pending/pending?orgId=${q(X)}`, openid: 'dev_secretary_xinqiao' });
  add({
    name: 'pending-sheet',
    url: `/pages/pending/pending?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '.item', event: 'click' }],
    viewport: true,
  });
  add({
    name: 'pending-reject',
    url: `/pages/pending/pending?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '.item', event: 'click' }, { sel: '#start-reject' }],
    viewport: true,
  });
  if (movedIndex >= 0) {
    add({
      name: 'pending-previous-placement',
      url: `/pages/pending/pending?orgId=${q(J)}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '.item', nth: movedIndex, event: 'click' }],
      viewport: true,
      note: '新支部看到此前的安置',
    });
  }
  add({
    name: 'pending-empty',
    url: `/pages/pending/pending?orgId=${q(J)}`,
    openid: 'dev_secretary_jingjiang',
    replies: { 'checkin.pending': emptyPage },
  });
  add({
    name: 'pending-loading',
    url: `/pages/pending/pending?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    holdAll: true,
    viewport: true,
  });
  add({
    name: 'pending-error',
    url: `/pages/pending/pending?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    failAll: true,
    viewport: true,
  });
  add({ name: 'pending-forbidden', url: `/pages/pending/pending?orgId=${q(X)}`, openid: 'dev_member_placed', viewport: true });
  // Forwarding, the organization's own code, and a committee's requests placed in a branch below it.
  add({
    name: 'pending-forward',
    url: `/pages/pending/pending?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '.item', event: 'click' }, { sel: '#start-forward' }],
    viewport: true,
  });
  add({
    name: 'pending-code',
    url: `/pages/pending/pending?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '#show-code' }],
    viewport: true,
  });
  add({ name: 'pending-committee', url: `/pages/pending/pending?orgId=${q(XC)}`, openid: 'dev_xinqiao_admin' });
  add({
    name: 'pending-committee-sheet',
    url: `/pages/pending/pending?orgId=${q(XC)}`,
    openid: 'dev_xinqiao_admin',
    steps: [{ sel: '.item', event: 'click' }],
    viewport: true,
  });
  add({
    name: 'pending-committee-places',
    url: `/pages/pending/pending?orgId=${q(XC)}`,
    openid: 'dev_xinqiao_admin',
    steps: [{ sel: '.item', event: 'click' }, { sel: '#place-elsewhere' }],
    viewport: true,
  });
  add({ name: 'branch-members', url: `/pages/branch-members/branch-members?branchId=${q(X)}`, openid: 'dev_secretary_xinqiao' });
  add({
    name: 'branch-members-code',
    url: `/pages/branch-members/branch-members?branchId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '#show-code', wait: 800 }],
    viewport: true,
  });
  add({
    name: 'branch-members-error',
    url: `/pages/branch-members/branch-members?branchId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    failAll: true,
    viewport: true,
  });
  add({
    name: 'branch-members-empty',
    url: `/pages/branch-members/branch-members?branchId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    replies: { 'branch.members': emptyPage },
  });
  if (member) {
    add({
      name: 'member-detail',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_secretary_jingjiang',
    });
    add({
      name: 'member-detail-reveal',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '#reveal-phone' }],
      showModal: true,
      viewport: true,
    });
    add({
      name: 'member-detail-leave',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '#start-leave' }],
      viewport: true,
      note: '书记登记离开',
    });
    add({
      name: 'member-detail-self',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_member_placed',
      note: '党员本人：历次安置与离开本支部',
    });
    add({
      name: 'member-detail-return',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_jingjiang_admin',
      steps: [{ sel: '#start-return' }],
      viewport: true,
      note: '流出地返回登记',
    });
    if (returnedMe) {
      add({
        name: 'member-detail-returned',
        url: `/pages/member-detail/member-detail?memberId=${returnedMe.memberId}&name=${enc(returnedMe.name)}`,
        openid: 'dev_jingjiang_admin',
        note: '已返回：安置记录和返乡报到',
      });
    }
    add({
      name: 'member-detail-history-error',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_secretary_jingjiang',
      fail: ['placement.history'],
    });
    add({
      name: 'member-detail-revealed',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
      openid: 'dev_secretary_jingjiang',
      confirmModals: true,
      steps: [{ sel: '#reveal-phone' }],
    });
  }
  // ---- 组织找党员: the branch's 待找 from the movement list, and the visit sheet -------------
  const toFindUrl = `/pages/to-find/to-find?orgId=${X.orgId}`;
  add({ name: 'to-find', url: toFindUrl, openid: 'dev_secretary_xinqiao', note: '支部的待找党员' });
  add({
    name: 'to-find-visit-sheet',
    url: toFindUrl,
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '.visit', nth: 0 }],
    viewport: true,
  });
  add({
    name: 'to-find-visit-unreachable',
    url: toFindUrl,
    openid: 'dev_secretary_xinqiao',
    note: '联系不上：失联的最后联系日期和原因',
    steps: [
      { sel: '.visit', nth: 0 },
      { sel: '#sheet-outcome', event: 'change', detail: { value: 'unreachable' } },
      { sel: '#sheet-reason', event: 'change', detail: { value: 'residence_changed' } },
    ],
    viewport: true,
  });
  add({
    name: 'to-find-visit-moved-on',
    url: toFindUrl,
    openid: 'dev_secretary_xinqiao',
    steps: [
      { sel: '.visit', nth: 0 },
      { sel: '#sheet-outcome', event: 'change', detail: { value: 'moved_on' } },
      { sel: '#confirm-visit' },
    ],
    viewport: true,
  });
  add({ name: 'to-find-empty', url: toFindUrl, openid: 'dev_secretary_xinqiao', replies: { 'toFind.list': emptyPage } });
  add({ name: 'to-find-error', url: toFindUrl, openid: 'dev_secretary_xinqiao', failAll: true, viewport: true });
  add({ name: 'to-find-loading', url: toFindUrl, openid: 'dev_secretary_xinqiao', holdAll: true, viewport: true });

  // ---- the contact person, the talks and the activity card --------------------------------
  add({ name: 'talks-due', url: `/pages/talks-due/talks-due?branchId=${J.orgId}`, openid: 'dev_secretary_jingjiang' });
  add({
    name: 'talks-due-empty',
    url: `/pages/talks-due/talks-due?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    replies: { 'talk.due': emptyPage },
  });
  add({
    name: 'talks-due-error',
    url: `/pages/talks-due/talks-due?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    failAll: true,
    viewport: true,
  });
  add({
    name: 'talk-record',
    url: `/pages/talk-record/talk-record?memberId=${untalked.memberId}&name=${enc(untalked.name)}&cause=placement`,
    openid: 'dev_secretary_jingjiang',
  });
  add({
    name: 'talk-record-missing',
    url: `/pages/talk-record/talk-record?memberId=${untalked.memberId}&name=${enc(untalked.name)}`,
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '#submit' }],
  });
  add({
    name: 'contact-set',
    url: `/pages/contact-set/contact-set?memberId=${untalked.memberId}&name=${enc(untalked.name)}`,
    openid: 'dev_secretary_jingjiang',
  });
  add({
    name: 'contact-set-error',
    url: `/pages/contact-set/contact-set?memberId=${untalked.memberId}&name=${enc(untalked.name)}`,
    openid: 'dev_secretary_jingjiang',
    failAll: true,
    viewport: true,
  });
  add({ name: 'card-scan-idle', url: '/pages/card-scan/card-scan', openid: 'dev_secretary_jingjiang', viewport: true });
  add({
    name: 'card-scan',
    url: `/pages/card-scan/card-scan?scene=${enc(placedCard.scene)}`,
    openid: 'dev_secretary_jingjiang',
  });
  add({
    name: 'card-scan-not-found',
    url: `/pages/card-scan/card-scan?scene=${enc(placedCard.scene)}`,
    openid: 'dev_secretary_xinqiao',
    viewport: true,
  });
  add({ name: 'activities', url: `/pages/activities/activities?branchId=${J.orgId}`, openid: 'dev_secretary_jingjiang' });
  add({
    name: 'activities-past',
    url: `/pages/activities/activities?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '#tab-past' }],
  });
  add({
    name: 'activities-cancel',
    url: `/pages/activities/activities?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '.cancel' }],
    viewport: true,
  });
  add({
    name: 'activities-empty',
    url: `/pages/activities/activities?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    replies: { 'activity.list': emptyPage },
  });
  add({
    name: 'activity-form',
    url: `/pages/activity-form/activity-form?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
  });
  if (village) {
    add({
      name: 'activity-form-home',
      url: `/pages/activity-form/activity-form?branchId=${village}`,
      openid: 'dev_jingjiang_admin',
      note: '流出地支部可安排返乡报到、集中补学',
    });
  }
  add({
    name: 'activity-form-loading',
    url: `/pages/activity-form/activity-form?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    hold: ['activity.kinds'],
    viewport: true,
  });
  add({
    name: 'activity-form-error',
    url: `/pages/activity-form/activity-form?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    fail: ['activity.kinds'],
    viewport: true,
  });
  add({
    name: 'activity-form-errors',
    url: `/pages/activity-form/activity-form?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '#submit' }],
  });
  if (pastJ[0]) {
    add({
      name: 'attendance',
      url: `/pages/attendance/attendance?activityId=${pastJ[0].activityId}`,
      openid: 'dev_secretary_jingjiang',
    });
    add({
      name: 'attendance-mark',
      url: `/pages/attendance/attendance?activityId=${pastJ[0].activityId}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '.member' }],
      viewport: true,
    });
    add({
      name: 'attendance-code',
      url: `/pages/attendance/attendance?activityId=${pastJ[0].activityId}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '#show-code', wait: 800 }],
      viewport: true,
    });
  }
  if (homecoming) {
    add({
      name: 'attendance-homecoming',
      url: `/pages/attendance/attendance?activityId=${homecoming.activityId}`,
      openid: 'dev_jingjiang_admin',
      note: '返乡报到签到表：从本支部外出流动的党员',
    });
  }
  if (secondShare) {
    add({
      name: 'report-editor-second-share',
      url: `/pages/report-editor/report-editor?reportId=${secondShare.reportId}`,
      openid: 'dev_xinqiao_admin',
      note: '季度中调动：第三党支部报送自己的一段',
    });
  }
  add({
    name: 'study-plan',
    url: `/pages/study-plan/study-plan?branchId=${J.orgId}&year=${year}`,
    openid: 'dev_secretary_jingjiang',
  });
  add({
    name: 'study-plan-next-year',
    url: `/pages/study-plan/study-plan?branchId=${J.orgId}&year=${year + 1}`,
    openid: 'dev_secretary_jingjiang',
  });
  add({ name: 'pairing', url: `/pages/pairing/pairing?branchId=${J.orgId}`, openid: 'dev_secretary_jingjiang' });
  add({
    name: 'pairing-sheet',
    url: `/pages/pairing/pairing?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '.pair' }],
    viewport: true,
  });
  add({
    name: 'reports-to-write',
    url: `/pages/reports-to-write/reports-to-write?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
  });
  add({
    name: 'reports-to-write-submitted',
    url: `/pages/reports-to-write/reports-to-write?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '#tab-submitted' }],
  });
  add({
    name: 'reports-to-write-empty',
    url: `/pages/reports-to-write/reports-to-write?branchId=${J.orgId}`,
    openid: 'dev_secretary_jingjiang',
    replies: { 'report.toWrite': emptyPage },
  });
  if (drafts[0]) {
    add({
      name: 'report-editor',
      url: `/pages/report-editor/report-editor?reportId=${drafts[0].reportId}`,
      openid: 'dev_secretary_jingjiang',
    });
    add({
      name: 'report-editor-submit',
      url: `/pages/report-editor/report-editor?reportId=${drafts[0].reportId}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '#submit' }],
      showModal: true,
      viewport: true,
    });
    add({
      name: 'report-editor-appraisal',
      url: `/pages/report-editor/report-editor?reportId=${drafts[0].reportId}`,
      openid: 'dev_secretary_jingjiang',
      steps: [{ sel: '#open-appraisal' }],
      viewport: true,
    });
    add({
      name: 'report-editor-error',
      url: `/pages/report-editor/report-editor?reportId=${drafts[0].reportId}`,
      openid: 'dev_secretary_jingjiang',
      failAll: true,
      viewport: true,
    });
  }
  add({ name: 'messages-branch', url: `/pages/messages/messages?orgId=${J.orgId}`, openid: 'dev_secretary_jingjiang' });

  // ---- 失联 and 组织关系转接 (demo: server/dev/demo-journey.ts) ----------------------------------
  const demoMember = async (openid) => (await api(openid, 'session.me')).member;
  const lostOne = await demoMember('dev_member_12'); // marked 失联
  const foundOne = await demoMember('dev_member_06'); // lost and found again (branch X)
  const proposedOne = await demoMember('dev_member_02'); // transfer proposed, waiting for the hometown side
  const agreedOne = await demoMember('dev_member_08'); // agreed, waiting for the letter (branch J)
  const transferredOne = await demoMember('dev_member_transferred'); // completed
  const detail = (m) => `/pages/member-detail/member-detail?memberId=${m.memberId}&name=${enc(m.name)}`;
  add({ name: 'member-detail-lost', url: detail(lostOne), openid: 'dev_jingjiang_admin', note: '流出地看失联党员' });
  add({
    name: 'member-detail-found-sheet',
    url: detail(lostOne),
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '#found' }],
    viewport: true,
  });
  add({
    name: 'member-detail-found-again',
    url: detail(foundOne),
    openid: 'dev_secretary_xinqiao',
    note: '失联后已找到，历史保留',
  });
  add({
    name: 'member-detail-mark-sheet',
    url: detail(foundOne),
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '#mark-lost' }, { sel: '#sheet-reason', event: 'change', detail: { value: 'other' } }],
    viewport: true,
  });
  add({
    name: 'member-detail-mark-errors',
    url: detail(foundOne),
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '#mark-lost' }, { sel: '#confirm-sheet' }],
    viewport: true,
  });
  add({
    name: 'member-detail-lost-proposal',
    url: detail(member),
    openid: 'dev_secretary_jingjiang',
    note: '组织生活时钟的失联建议（由人决定）',
    replies: {
      'lostContact.get': async (i, call) => {
        const r = await call('lostContact.get', i);
        if (r.ok)
          r.data = { ...r.data, current: null, proposal: { since: '2026-05-10', months: 6 }, can: { mark: true, found: false } };
        return r;
      },
    },
  });
  add({ name: 'member-detail-transfer-decide', url: detail(proposedOne), openid: 'dev_jingjiang_admin' });
  add({
    name: 'member-detail-transfer-refuse-sheet',
    url: detail(proposedOne),
    openid: 'dev_jingjiang_admin',
    steps: [{ sel: '.refuse' }],
    viewport: true,
  });
  add({ name: 'member-detail-transfer-agreed', url: detail(agreedOne), openid: 'dev_secretary_jingjiang' });
  add({
    name: 'member-detail-transfer-complete-sheet',
    url: detail(agreedOne),
    openid: 'dev_secretary_jingjiang',
    steps: [{ sel: '.complete' }],
    viewport: true,
  });
  add({ name: 'member-detail-transferred', url: detail(transferredOne), openid: 'dev_secretary_jingjiang' });
  add({
    name: 'member-detail-propose-sheet',
    url: detail(foundOne),
    openid: 'dev_secretary_xinqiao',
    steps: [{ sel: '#propose' }],
    viewport: true,
  });
  add({
    name: 'branch-members-lost',
    url: `/pages/branch-members/branch-members?branchId=${q(J)}`,
    openid: 'dev_secretary_jingjiang',
  });
  const transfersOf = (o, branch) => `/pages/transfers/transfers?orgId=${q(o)}&branch=${branch ? 1 : 0}`;
  add({ name: 'transfers-branch', url: transfersOf(X, true), openid: 'dev_secretary_xinqiao' });
  add({ name: 'transfers-branch-agreed', url: transfersOf(J, true), openid: 'dev_secretary_jingjiang' });
  add({ name: 'transfers-hometown', url: transfersOf(JJ, false), openid: 'dev_jingjiang_admin' });
  add({
    name: 'transfers-empty',
    url: transfersOf(X, true),
    openid: 'dev_secretary_xinqiao',
    replies: { 'transfer.candidates': emptyPage, 'transfer.list': emptyPage },
  });
  add({ name: 'transfers-loading', url: transfersOf(JJ, false), openid: 'dev_jingjiang_admin', holdAll: true, viewport: true });
  add({ name: 'transfers-error', url: transfersOf(JJ, false), openid: 'dev_jingjiang_admin', failAll: true, viewport: true });

  // ---- hometown side / admins ---------------------------------------------------------------
  add({
    name: 'member-detail-outflow',
    url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${enc(member.name)}`,
    openid: 'dev_jingjiang_admin',
  });
  add({
    name: 'card-scan-outflow',
    url: `/pages/card-scan/card-scan?memberId=${placedCard.memberId}`,
    openid: 'dev_jingjiang_admin',
  });
  add({
    name: 'card-review',
    url: `/pages/card-review/card-review?memberId=${placedCard.memberId}&name=${enc(placedCard.name)}&year=${year}`,
    openid: 'dev_jingjiang_admin',
  });
  add({
    name: 'card-review-new',
    url: `/pages/card-review/card-review?memberId=${untalked.memberId}&name=${enc(untalked.name)}&year=${year}`,
    openid: 'dev_jingjiang_admin',
  });
  add({ name: 'home-hometown', url: '/pages/home/home', openid: 'dev_jingjiang_admin' });
  add({ name: 'home-admin', url: '/pages/home/home', openid: 'dev_admin' });
  add({ name: 'home-suzhou-admin', url: '/pages/home/home', openid: 'dev_suzhou_admin' });
  add({ name: 'outflow-members', url: `/pages/outflow-members/outflow-members?orgId=${q(JJ)}`, openid: 'dev_jingjiang_admin' });
  add({ name: 'inbox', url: `/pages/inbox/inbox?orgId=${JJ.orgId}`, openid: 'dev_jingjiang_admin' });
  add({
    name: 'inbox-empty',
    url: `/pages/inbox/inbox?orgId=${JJ.orgId}`,
    openid: 'dev_jingjiang_admin',
    replies: {
      'report.inbox': async (input, call) => {
        const r = await call('report.inbox', input);
        if (r.ok) Object.assign(r.data, { items: [], nextCursor: null });
        return r;
      },
    },
  });
  add({
    name: 'outflow-members-error',
    url: `/pages/outflow-members/outflow-members?orgId=${q(JJ)}`,
    openid: 'dev_jingjiang_admin',
    failAll: true,
    viewport: true,
  });
  add({
    name: 'inbox-loading',
    url: `/pages/inbox/inbox?orgId=${JJ.orgId}`,
    openid: 'dev_jingjiang_admin',
    holdAll: true,
    viewport: true,
  });
  add({
    name: 'inbox-error',
    url: `/pages/inbox/inbox?orgId=${JJ.orgId}`,
    openid: 'dev_jingjiang_admin',
    failAll: true,
    viewport: true,
  });
  if (answered)
    add({ name: 'report-answered', url: `/pages/report/report?reportId=${answered.reportId}`, openid: 'dev_jingjiang_admin' });
  if (unread)
    add({ name: 'report-unread', url: `/pages/report/report?reportId=${unread.reportId}`, openid: 'dev_jingjiang_admin' });
  if (answered)
    add({
      name: 'report-branch-side',
      url: `/pages/report/report?reportId=${answered.reportId}`,
      openid: 'dev_secretary_jingjiang',
    });
  if (answered)
    add({
      name: 'report-history',
      url: `/pages/report-history/report-history?memberId=${answered.member.memberId}&name=${enc(answered.member.name)}`,
      openid: 'dev_jingjiang_admin',
    });
  add({ name: 'messages-hometown', url: `/pages/messages/messages?orgId=${JJ.orgId}`, openid: 'dev_jingjiang_admin' });
  add({
    name: 'messages-empty',
    url: `/pages/messages/messages?orgId=${JJ.orgId}`,
    openid: 'dev_jingjiang_admin',
    replies: { 'message.list': emptyPage },
  });
  // ---- a record moving to a new WeChat account (dev_member_newphone has asked for 赵志强's)
  const agreedMe = async (i, call) => {
    const r = await call('session.me', {});
    r.data.consent.agreedVersion = r.data.consent.currentVersion;
    return r;
  };
  const fillMove = [
    { sel: '#name', event: 'change', detail: { value: '王海军' } },
    { sel: '#idCard', event: 'change', detail: { value: '32128219860412003X' } },
    { sel: '#submit' },
  ];
  const takenText = '该身份证号已被其他微信账号登记。如有疑问，请联系所在党组织';
  add({
    name: 'profile-id-taken',
    url: '/pages/profile/profile',
    openid: 'dev_member_new',
    replies: { 'session.me': agreedMe },
    steps: [
      {
        call: 'setData',
        args: [
          {
            submitError: { text: takenText, actionText: '这是我的身份证号：申请找回档案', action: 'account-move' },
            errors: { idCard: takenText },
          },
        ],
      },
    ],
  });
  const move = (name, rest) => add({ name, url: '/pages/account-move/account-move', openid: 'dev_member_new', ...rest });
  const decidedMove = (status, reason) => ({
    'account.myMove': {
      ok: true,
      data: {
        request: {
          moveId: 'mv_demo',
          status,
          name: '赵志强',
          submittedAt: '2026-11-30T02:00:00.000Z',
          decidedAt: '2026-12-01T02:00:00.000Z',
          reason,
        },
      },
    },
  });
  move('account-move', {});
  move('account-move-missing', { steps: [{ sel: '#submit' }] });
  move('account-move-not-found', {
    steps: fillMove,
    replies: { 'account.requestMove': { ok: false, error: { code: 'NOT_FOUND', message: '没有找到', field: 'idCard' } } },
  });
  move('account-move-limited', {
    steps: fillMove,
    replies: {
      'account.requestMove': {
        ok: false,
        error: { code: 'ID_LOOKUPS_LIMITED', message: '今天已经查询过多个身份证号', field: 'idCard' },
      },
    },
  });
  move('account-move-rejected', { replies: decidedMove('rejected', '电话联系不上本人，请到靖江市驻苏州流动党员党支部当面办理') });
  move('account-move-confirmed', { replies: decidedMove('confirmed', '已电话联系本人核实') });
  move('account-move-pending', { openid: 'dev_member_newphone' });
  move('account-move-loading', { openid: 'dev_member_newphone', holdAll: true, viewport: true });
  move('account-move-error', { openid: 'dev_member_newphone', failAll: true, viewport: true });
  const moves = (name, rest) =>
    add({ name, url: `/pages/move-requests/move-requests?orgId=${q(JJ)}`, openid: 'dev_jingjiang_admin', ...rest });
  moves('move-requests', {});
  moves('move-requests-confirm', { steps: [{ sel: '.confirm' }], viewport: true });
  moves('move-requests-no-reason', { steps: [{ sel: '.confirm' }, { sel: '#decide' }], viewport: true });
  moves('move-requests-reject', { steps: [{ sel: '.reject' }], viewport: true });
  moves('move-requests-decided', { steps: [{ sel: '#switch-view' }] });
  moves('move-requests-empty', { replies: { 'account.moveRequests': emptyPage } });
  moves('move-requests-error', { failAll: true, viewport: true });
  moves('move-requests-not-theirs', { openid: 'dev_secretary_xinqiao', viewport: true });
  add({
    name: 'move-requests-secretary',
    url: `/pages/move-requests/move-requests?orgId=${q(X)}`,
    openid: 'dev_secretary_xinqiao',
    viewport: true,
  });
  // ---- 服务诉求 and 政策手册 (demo: server/dev/demo-member-services.ts) ------------------------
  const X3 = await orgOf('dev_secretary_xinqiao3'); // 新桥社区第三党支部 (王军's branch)
  const SZ = await orgOf('dev_suzhou_admin'); // 中共苏州市姑苏区委员会
  const wangjunServices = (await api('dev_member_wangjun', 'service.mine')).items;
  const serviceOf = (kind) => wangjunServices.find((s) => s.kind === kind) || wangjunServices[0];
  const wangjun = (await api('dev_member_wangjun', 'session.me')).member;
  const handbookItems = (await api('dev_member_wangjun', 'handbook.list', { limit: 50 })).items;
  const inForce = handbookItems.find((e) => !e.old) || handbookItems[0];
  const withdrawnEntry = handbookItems.find((e) => e.old && e.old.reason === 'withdrawn') || handbookItems[0];
  const sv = (name, rest) => add({ name, url: '/pages/services/services', openid: 'dev_member_wangjun', ...rest });
  sv('services', {});
  sv('services-empty', { openid: 'dev_member_placed' });
  sv('services-loading', { holdAll: true, viewport: true });
  sv('services-error', { failAll: true, viewport: true });
  const svb = (name, rest) =>
    add({ name, url: `/pages/services/services?orgId=${q(X3)}`, openid: 'dev_secretary_xinqiao3', ...rest });
  svb('services-branch', {});
  svb('services-branch-all', { steps: [{ sel: '#filter-all' }] });
  svb('services-branch-not-theirs', { openid: 'dev_secretary_xinqiao', viewport: true });
  add({ name: 'service-ask', url: '/pages/service-ask/service-ask', openid: 'dev_member_wangjun' });
  add({
    name: 'service-ask-missing',
    url: '/pages/service-ask/service-ask',
    openid: 'dev_member_wangjun',
    steps: [{ sel: '#submit' }],
  });
  add({
    name: 'service-ask-behalf',
    url: `/pages/service-ask/service-ask?memberId=${wangjun.memberId}&name=${enc(wangjun.name)}`,
    openid: 'dev_secretary_xinqiao3',
  });
  const sr = (name, kind, rest) =>
    add({
      name,
      url: `/pages/service-request/service-request?serviceId=${serviceOf(kind).serviceId}`,
      openid: 'dev_member_wangjun',
      ...rest,
    });
  sr('service-request-closed', 'schooling', {});
  sr('service-request-handed-on', 'work', {});
  sr('service-request-waiting', 'medical', {});
  sr('service-request-branch', 'medical', { openid: 'dev_secretary_xinqiao3' });
  sr('service-request-hand-on', 'medical', { openid: 'dev_secretary_xinqiao3', steps: [{ sel: '#hand-on' }] });
  sr('service-request-close', 'work', { openid: 'dev_secretary_xinqiao3', steps: [{ sel: '#close' }] });
  sr('service-request-close-empty', 'work', {
    openid: 'dev_secretary_xinqiao3',
    steps: [{ sel: '#close' }, { sel: '#submit' }],
    viewport: true,
  });
  sr('service-request-conflict', 'medical', {
    openid: 'dev_secretary_xinqiao3',
    steps: [{ sel: '#take' }],
    replies: { 'service.take': err('CONFLICT', '这条诉求刚被其他人处理，请刷新后查看') },
    viewport: true,
  });
  sr('service-request-not-found', 'medical', { openid: 'dev_secretary_xinqiao', viewport: true });
  sr('service-request-loading', 'medical', { holdAll: true, viewport: true });
  sr('service-request-error', 'medical', { failAll: true, viewport: true });

  const hb = (name, rest) => add({ name, url: '/pages/handbook/handbook', openid: 'dev_member_wangjun', ...rest });
  hb('handbook', {});
  hb('handbook-search', {
    steps: [
      { sel: '#search', event: 'change', detail: { value: '托管' } },
      { sel: '#search', event: 'submit' },
    ],
  });
  hb('handbook-topic', { steps: [{ sel: '#topic', event: 'change', detail: { value: 'housing' } }] });
  hb('handbook-not-found', {
    steps: [
      { sel: '#search', event: 'change', detail: { value: '养老金' } },
      { sel: '#search', event: 'submit' },
    ],
    viewport: true,
  });
  hb('handbook-no-place', { openid: 'dev_member_registered', viewport: true });
  hb('handbook-loading', { holdAll: true, viewport: true });
  hb('handbook-error', { failAll: true, viewport: true });
  add({ name: 'handbook-admin', url: `/pages/handbook/handbook?orgId=${SZ.orgId}`, openid: 'dev_suzhou_admin' });
  const he = (name, entry, rest) =>
    add({ name, url: `/pages/handbook-entry/handbook-entry?entryId=${entry.entryId}`, openid: 'dev_member_wangjun', ...rest });
  he('handbook-entry', inForce, {});
  he('handbook-entry-old', withdrawnEntry, {});
  he('handbook-entry-admin', inForce, { openid: 'dev_suzhou_admin' });
  he('handbook-entry-withdraw', inForce, { openid: 'dev_suzhou_admin', steps: [{ sel: '#start-withdraw' }] });
  he('handbook-entry-error', inForce, { failAll: true, viewport: true });
  add({ name: 'handbook-edit', url: `/pages/handbook-edit/handbook-edit?orgId=${SZ.orgId}`, openid: 'dev_suzhou_admin' });
  add({
    name: 'handbook-edit-missing',
    url: `/pages/handbook-edit/handbook-edit?orgId=${SZ.orgId}`,
    openid: 'dev_suzhou_admin',
    steps: [{ sel: '#submit' }],
  });
  add({
    name: 'handbook-edit-existing',
    url: `/pages/handbook-edit/handbook-edit?entryId=${inForce.entryId}`,
    openid: 'dev_suzhou_admin',
  });
  add({
    name: 'handbook-edit-error',
    url: `/pages/handbook-edit/handbook-edit?entryId=${inForce.entryId}`,
    openid: 'dev_suzhou_admin',
    failAll: true,
    viewport: true,
  });
  // ---- desk sign-in from the phone (电脑登录确认, 我的电脑登录) -------------------------------
  const deskCode = await api('dev_xinqiao_admin', 'desk.loginStart', { device: 'Chrome 120 · Windows 10（组织部 3 楼办公室）' });
  const deskView = (changes) => async (i, call) => {
    const r = await call('desk.loginDescribe', i);
    Object.assign(r.data, changes);
    return r;
  };
  const dl = (name, rest) =>
    add({ name, url: `/pages/desk-login/desk-login?scene=${enc(deskCode.scene)}`, openid: 'dev_xinqiao_admin', ...rest });
  dl('desk-login', {});
  dl('desk-login-confirmed', {
    steps: [{ sel: '#confirm' }],
    replies: { 'desk.loginConfirm': { ok: true, data: { status: 'confirmed' } } },
  });
  dl('desk-login-refused', {
    steps: [{ sel: '#refuse' }],
    replies: { 'desk.loginConfirm': { ok: true, data: { status: 'refused' } } },
  });
  dl('desk-login-expired', { replies: { 'desk.loginDescribe': deskView({ status: 'expired' }) } });
  dl('desk-login-expired-while-reading', {
    steps: [{ sel: '#confirm' }],
    replies: { 'desk.loginConfirm': err('LOGIN_EXPIRED') },
  });
  dl('desk-login-used', { replies: { 'desk.loginDescribe': deskView({ status: 'confirmed', answeredByMe: false }) } });
  dl('desk-login-not-allowed', { openid: 'dev_member_placed', viewport: true });
  dl('desk-login-loading', { holdAll: true, viewport: true });
  dl('desk-login-error', { failAll: true, viewport: true });
  add({ name: 'desk-login-no-scene', url: '/pages/desk-login/desk-login', openid: 'dev_xinqiao_admin' });
  // Two computers signed in as the hometown admin, confirmed through the api as the phone does.
  for (const device of ['Chrome 120 · Windows 10（靖江市委组织部）', 'Edge · Windows 11（家里的笔记本）']) {
    const code = await api('dev_jingjiang_admin', 'desk.loginStart', { device });
    await api('dev_jingjiang_admin', 'desk.loginConfirm', { loginId: code.loginId, decision: 'confirm' });
  }
  const ds = (name, rest) => add({ name, url: '/pages/desk-sessions/desk-sessions', openid: 'dev_jingjiang_admin', ...rest });
  ds('desk-sessions', {});
  ds('desk-sessions-end', { steps: [{ sel: '.end' }], showModal: true, viewport: true });
  ds('desk-sessions-empty', { openid: 'dev_secretary_xinqiao' });
  ds('desk-sessions-loading', { holdAll: true, viewport: true });
  ds('desk-sessions-error', { failAll: true, viewport: true });
  // ---- 亮身份 at 芳华社区: skill cards and residents' requests -------------------------------
  const FH = await orgOf('dev_secretary_fanghua'); // 芳华社区第一党支部 (刘蕾)
  const fanghua = (await api('dev_admin', 'org.list', { query: '芳华社区委员会' })).items[0]; // its community
  const sc = (name, openid, rest = {}) => add({ name, url: '/pages/skill-card/skill-card', openid, ...rest });
  sc('skill-card', 'dev_member_fanghua_zhou', { note: '党员经营户；已确认和已接受的求助' });
  sc('skill-card-declined', 'dev_member_fanghua_ma', { note: '婉拒和居民撤回的求助' });
  sc('skill-card-waiting-request', 'dev_member_fanghua_chen', { note: '等待答复的求助' });
  sc('skill-card-share-ticked', 'dev_member_fanghua_chen', { steps: [{ sel: '.share' }], viewport: true });
  sc('skill-card-pending', 'dev_member_fanghua_wu', { note: '等待支部审核' });
  sc('skill-card-shop-code', 'dev_member_fanghua_zhou', { steps: [{ sel: '#show-shop-code', wait: 300 }] });
  sc('skill-card-edit', 'dev_member_fanghua_zhou', { steps: [{ sel: '#edit' }] });
  sc('skill-card-consent-missing', 'dev_member_fanghua_zhou', { steps: [{ sel: '#edit' }, { sel: '#save' }] });
  sc('skill-card-withdraw', 'dev_member_fanghua_zhou', { steps: [{ sel: '#withdraw' }], showModal: true, viewport: true });
  sc('skill-card-new', 'dev_member_placed', { note: '还没有技能卡' });
  sc('skill-card-not-placed', 'dev_member_registered', { viewport: true });
  sc('skill-card-rejected', 'dev_member_fanghua_wu', {
    replies: {
      'skillCard.mine': async (i, call) => {
        const r = await call('skillCard.mine', {});
        if (r.ok && r.data.card) Object.assign(r.data.card, { status: 'rejected', reason: '请写明具体楼幢' });
        return r;
      },
    },
  });
  sc('skill-card-loading', 'dev_member_fanghua_zhou', { holdAll: true, viewport: true });
  sc('skill-card-error', 'dev_member_fanghua_zhou', { failAll: true, viewport: true });
  const review = (name, rest = {}) =>
    add({
      name,
      url: `/pages/skill-card-review/skill-card-review?orgId=${FH.orgId}`,
      openid: 'dev_secretary_fanghua',
      ...rest,
    });
  review('skill-card-review', { note: '刘蕾：吴刚的技能卡待审核' });
  review('skill-card-review-reject', { steps: [{ sel: '.reject-start' }, { sel: '#reject-confirm' }] });
  review('skill-card-review-code', { steps: [{ sel: '#show-code', wait: 300 }] });
  review('skill-card-review-empty', { replies: { 'skillCard.pending': emptyPage } });
  review('skill-card-review-not-theirs', { openid: 'dev_secretary_xinqiao', viewport: true });
  review('skill-card-review-error', { failAll: true, viewport: true });
  const cc = (name, openid, query, rest = {}) =>
    add({ name, url: `/pages/community-cards/community-cards${query}`, openid, ...rest });
  const wall = `?scene=${enc(`k=${fanghua ? fanghua.orgId : FH.orgId}`)}`;
  cc('community-cards', 'dev_resident_zhang', wall, { note: '居民扫社区志愿服务码（未登记）' });
  cc('community-cards-ask', 'dev_resident_wang', wall, { steps: [{ sel: '.ask-start' }] });
  cc('community-cards-ask-refused', 'dev_resident_wang', wall, {
    steps: [{ sel: '.ask-start' }, { sel: '#send', wait: 300 }],
  });
  const shopCode = await api('dev_member_fanghua_zhou', 'skillCard.shopCode');
  cc('community-cards-shop', 'dev_resident_li', `?scene=${enc(shopCode.scene)}`, { note: '扫党员经营户的店铺码' });
  // The phone's point is the picture tool's; the answer is the one for a resident beside 芳华社区.
  cc('community-cards-near', 'dev_resident_li', '', {
    steps: [{ sel: '#near-me', wait: 300 }],
    replies: { 'skillCard.nearby': (i, call) => call('skillCard.nearby', { point: { latitude: 31.3172, longitude: 120.6311 } }) },
  });
  cc('community-cards-near-none', 'dev_resident_li', '', { steps: [{ sel: '#near-me', wait: 300 }], viewport: true });
  cc('community-cards-mine', 'dev_resident_li', '', { note: '我的求助：已接受（党员分享了电话）、已婉拒' });
  cc('community-cards-new-resident', 'dev_member_new', wall, { note: '第一次来的居民' });
  cc('community-cards-empty', 'dev_resident_zhang', wall, {
    replies: {
      'skillCard.community': async (i, call) => {
        const r = await call('skillCard.community', i);
        if (r.ok) r.data.cards = [];
        return r;
      },
      'help.mine': emptyPage,
    },
  });
  cc('community-cards-bad-code', 'dev_resident_zhang', `?scene=${enc('b=o_notacode')}`, { viewport: true });
  cc('community-cards-loading', 'dev_resident_zhang', wall, { holdAll: true, viewport: true });
  cc('community-cards-error', 'dev_resident_zhang', wall, { failAll: true, viewport: true });
  // 共管协议: 定远's admin on the phone, the agreement with 太仓 in force, a meeting held and one to come.
  const DY = await orgOf('dev_dingyuan_admin');
  const agreements = (await api('dev_dingyuan_admin', 'agreement.list', { orgId: DY.orgId })).items;
  const agreementTcDy = agreements[0];
  const jointMeetings = agreementTcDy
    ? (await api('dev_dingyuan_admin', 'jointMeeting.list', { agreementId: agreementTcDy.agreementId })).items
    : [];
  const heldMeeting = jointMeetings.find((m) => m.status === 'held');
  const nextMeeting = jointMeetings.find((m) => m.status === 'scheduled');
  const agreementsUrl = `/pages/agreements/agreements?orgId=${q(DY)}`;
  const ags = (name, rest) => add({ name, url: agreementsUrl, openid: 'dev_dingyuan_admin', ...rest });
  ags('agreements', { note: '定远县委的共管协议' });
  ags('agreements-empty', { replies: { 'agreement.list': emptyPage } });
  ags('agreements-error', { failAll: true, viewport: true });
  ags('agreements-loading', { holdAll: true, viewport: true });
  if (agreementTcDy) {
    const agreementUrl = `/pages/agreement/agreement?agreementId=${agreementTcDy.agreementId}`;
    const ag = (name, rest) => add({ name, url: agreementUrl, openid: 'dev_dingyuan_admin', ...rest });
    const shown = await api('dev_dingyuan_admin', 'agreement.get', { agreementId: agreementTcDy.agreementId });
    // The terms changed by 太仓 and waiting for 定远: what the confirming admin sees.
    const toConfirm = {
      ok: true,
      data: {
        ...shown,
        status: 'proposed',
        revision: 2,
        confirmations: { ...shown.confirmations, outflow: null },
        can: { confirm: true, revise: true, scheduleMeeting: false },
      },
    };
    ag('agreement', { note: '生效中的协议：条款、双方确认、统计和联席会议' });
    ag('agreement-to-confirm', { replies: { 'agreement.get': toConfirm }, note: '修改后待本方确认' });
    ag('agreement-confirm-conflict', {
      replies: { 'agreement.get': toConfirm, 'agreement.confirm': err('CONFLICT') },
      steps: [
        { sel: '#contact-name', event: 'change', detail: { value: '孙长林' } },
        { sel: '#contact-phone', event: 'change', detail: { value: '0550-4021234' } },
        { sel: '#confirm-button', wait: 300 },
      ],
    });
    ag('agreement-above', { openid: 'dev_admin', note: '双方的上级：只能查看' });
    ag('agreement-no-meetings', { replies: { 'jointMeeting.list': emptyPage } });
    ag('agreement-not-found', { openid: 'dev_jingjiang_admin', viewport: true, note: '不是协议任一方' });
    ag('agreement-error', { failAll: true, viewport: true });
    ag('agreement-loading', { holdAll: true, viewport: true });
  }
  const jm = (name, meeting, rest) =>
    add({
      name,
      url: `/pages/joint-meeting/joint-meeting?meetingId=${meeting.meetingId}`,
      openid: 'dev_dingyuan_admin',
      ...rest,
    });
  if (heldMeeting) {
    jm('joint-meeting', heldMeeting, { note: '已召开：两地出席情况、会议纪要和阅读情况' });
    jm('joint-meeting-error', heldMeeting, { failAll: true, viewport: true });
    jm('joint-meeting-loading', heldMeeting, { holdAll: true, viewport: true });
  }
  if (nextMeeting) jm('joint-meeting-scheduled', nextMeeting, { note: '已安排，还没有召开' });

  // ---- 返乡: 郁金铭's 家乡事, 靖江市委's 返乡工作 and its round-tables -------------------------
  const rtHeld = (await api('dev_jingjiang_admin', 'roundTable.list', { orgId: JJ.orgId, when: 'past', limit: 5 })).items[0];
  const rtNext = (await api('dev_jingjiang_admin', 'roundTable.list', { orgId: JJ.orgId, when: 'upcoming', limit: 5 })).items[0];
  const mh = (name, rest) => add({ name, url: '/pages/my-homecoming/my-homecoming', openid: 'dev_member_yujinming', ...rest });
  mh('my-homecoming', { note: '郁金铭：智囊团、圆桌会、建议的办理' });
  mh('my-homecoming-invited', { openid: 'dev_member_registered', note: '王海军：收到邀请，待答复' });
  mh('my-homecoming-empty', { openid: 'dev_member_pending' });
  // The next round-table as it reads while it is on: 远程参会 by the join code.
  mh('my-homecoming-signing-in', {
    replies: {
      'homecoming.mine': async (i, call) => {
        const r = await call('homecoming.mine', {});
        const next = r.data.roundTables.find((row) => row.signIn.state === 'not_yet_open');
        if (next) next.signIn.state = 'open';
        return r;
      },
    },
  });
  mh('my-homecoming-loading', { holdAll: true, viewport: true });
  mh('my-homecoming-error', { failAll: true, viewport: true });
  const hc = (name, tab, rest) =>
    add({
      name,
      url: `/pages/homecoming/homecoming?orgId=${q(JJ)}${tab ? `&tab=${tab}` : ''}`,
      openid: 'dev_jingjiang_admin',
      ...rest,
    });
  hc('homecoming', '', {});
  hc('homecoming-round-tables', 'round_tables', {});
  hc('homecoming-round-table-form', 'round_tables', { steps: [{ sel: '#open-form' }] });
  hc('homecoming-invite', '', { steps: [{ sel: '#open-members' }] });
  hc('homecoming-candidates', 'candidates', {});
  hc('homecoming-propose', 'candidates', { steps: [{ sel: '#open-members' }] });
  hc('homecoming-empty', '', {
    replies: { 'thinkTank.list': emptyPage, 'roundTable.list': emptyPage, 'candidate.list': emptyPage },
  });
  hc('homecoming-error', '', { failAll: true, viewport: true });
  if (rtHeld) {
    const rt = (name, rest) =>
      add({
        name,
        url: `/pages/round-table/round-table?roundTableId=${rtHeld.roundTableId}`,
        openid: 'dev_jingjiang_admin',
        ...rest,
      });
    rt('round-table', {});
    rt('round-table-code', { steps: [{ sel: '#show-code' }], viewport: true });
    rt('round-table-loading', { holdAll: true, viewport: true });
    rt('round-table-error', { failAll: true, viewport: true });
  }
  if (rtNext)
    add({
      name: 'round-table-upcoming',
      url: `/pages/round-table/round-table?roundTableId=${rtNext.roundTableId}`,
      openid: 'dev_jingjiang_admin',
    });
  // last, because it writes: confirm submitting an untouched draft, as a hurried secretary might
  if (drafts[1])
    add({
      name: 'report-editor-submit-empty',
      url: `/pages/report-editor/report-editor?reportId=${drafts[1].reportId}`,
      openid: 'dev_secretary_jingjiang',
      confirmModals: true,
      steps: [{ sel: '#submit', wait: 800 }],
      showToast: true,
    });
  add({ name: 'org-settings', url: `/pages/org-settings/org-settings?orgId=${JJ.orgId}`, openid: 'dev_jingjiang_admin' });

  // ---- places on the map and the 归队码 (the poster at 苏州站北广场) ---------------------------
  const poster = await api('dev_suzhou_admin', 'place.posterCode', { orgId: SZ.orgId, label: '苏州站北广场' });
  const station = { latitude: 31.3306, longitude: 120.6104 };
  const nb = (name, rest) =>
    add({ name, url: `/pages/nearby/nearby?scene=${enc(poster.scene)}`, openid: 'dev_member_registered', ...rest });
  nb('nearby-poster', { note: '扫车站海报上的归队码：先按海报所在区县列出' });
  nb('nearby-located', { location: station, steps: [{ sel: '#locate', wait: 400 }], note: '允许使用位置后：由近到远' });
  nb('nearby-refused', { steps: [{ sel: '#locate', wait: 300 }], viewport: true, note: '不允许使用位置' });
  nb('nearby-resident', {
    openid: 'dev_member_new',
    location: station,
    steps: [{ sel: '#locate', wait: 400 }],
    note: '没登记的人也能找',
  });
  nb('nearby-empty', {
    replies: { 'place.nearby': { ok: true, data: { by: 'district', items: [], completeWithinMetres: null } } },
  });
  nb('nearby-loading', { hold: ['place.nearby'], viewport: true });
  nb('nearby-error', { fail: ['place.nearby'], viewport: true });
  add({ name: 'nearby-no-scene', url: '/pages/nearby/nearby', openid: 'dev_member_placed' });
  add({
    name: 'nearby-not-a-poster',
    url: `/pages/nearby/nearby?scene=${enc('x=1')}`,
    openid: 'dev_member_placed',
    viewport: true,
  });
  const pl = (name, orgId, openid, rest) => add({ name, url: `/pages/places/places?orgId=${orgId}`, openid, ...rest });
  pl('places', SZ.orgId, 'dev_suzhou_admin', { note: '区委：本组织的位置、两个红色驿站、归队码' });
  pl('places-community', XC.orgId, 'dev_xinqiao_admin');
  pl('places-read-only', X.orgId, 'dev_secretary_xinqiao', { note: '支部书记只能查看' });
  pl('places-none', JJ.orgId, 'dev_jingjiang_admin', { note: '还没有标出位置' });
  pl('places-edit-own', XC.orgId, 'dev_xinqiao_admin', { steps: [{ sel: '#edit-own' }] });
  pl('places-new-centre', XC.orgId, 'dev_xinqiao_admin', {
    chooseLocation: { latitude: 31.3219, longitude: 120.6263, name: '新桥社区文化广场', address: '江苏省苏州市姑苏区新桥路36号' },
    steps: [{ sel: '#add-centre', wait: 300 }],
  });
  pl('places-poster', SZ.orgId, 'dev_suzhou_admin', {
    steps: [
      { sel: '#poster-label', event: 'change', detail: { value: '苏州站北广场' } },
      { sel: '#make-poster', wait: 600 },
    ],
  });
  pl('places-loading', SZ.orgId, 'dev_suzhou_admin', { holdAll: true, viewport: true });
  pl('places-error', SZ.orgId, 'dev_suzhou_admin', { failAll: true, viewport: true });
  add({ name: 'places-no-org', url: '/pages/places/places', openid: 'dev_suzhou_admin', viewport: true });
  return S;
};
