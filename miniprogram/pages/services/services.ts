import type { ServiceRequestView } from '../../../server/contract/service-requests';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDate } from '../../services/format';
import { SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS, SERVICE_STEP_LABELS } from '../../services/labels';
import { type NextSteps, GO_HOME, follow } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface ServiceRow {
  serviceId: string;
  title: string;
  /** `子女上学 · 王军` for the branch, `子女上学` for the member. */
  about: string;
  statusLabel: string;
  statusTheme: 'warning' | 'primary' | 'success';
  /** The latest step: `2026年11月25日 支部受理（李秀英）`. */
  latest: string;
}

const MEMBER_STEPS: NextSteps = {
  NOT_REGISTERED: { actionText: '去登记', action: 'profile' },
};
const BRANCH_STEPS: NextSteps = {
  NOT_FOUND: { ...GO_HOME, text: '只有本组织的书记或管理员能查看这些诉求' },
};

function rowOf(withMember: boolean) {
  return (request: ServiceRequestView): ServiceRow => {
    const last = request.steps[request.steps.length - 1];
    return {
      serviceId: request.serviceId,
      title: request.title,
      about: withMember
        ? `${SERVICE_KIND_LABELS[request.kind]} · ${request.member.name}`
        : `${SERVICE_KIND_LABELS[request.kind]} · ${request.branch.name}`,
      statusLabel: SERVICE_STATUS_LABELS[request.status],
      statusTheme: request.status === 'closed' ? 'success' : request.status === 'asked' ? 'warning' : 'primary',
      latest: last ? `${formatDate(last.at)} ${SERVICE_STEP_LABELS[last.kind]}（${last.byName}）` : '',
    };
  };
}

Component({
  data: {
    /** Empty: the member's own requests. */
    orgId: '',
    orgName: '',
    openOnly: true,
    ...pagedList<ServiceRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      const orgName = options.name ? decodeURIComponent(options.name) : '';
      this.setData({ orgId, orgName });
      wx.setNavigationBarTitle({ title: orgId ? '收到的服务诉求' : '我的服务诉求' });
      this.load();
    },
    onShow() {
      // Back from a request or the form: its steps may have moved.
      if (this.data.status !== 'loading') this.load();
    },
    fetcher(): FetchPage<ServiceRequestView> {
      const { orgId, openOnly } = this.data;
      return orgId
        ? (cursor) => callAction('service.list', { orgId, openOnly, cursor })
        : (cursor) => callAction('service.mine', { cursor });
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      const steps = this.data.orgId ? BRANCH_STEPS : MEMBER_STEPS;
      this.setData(await loadFirstPage(this.fetcher(), rowOf(Boolean(this.data.orgId)), steps));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onMore() {
      return showNextPage(this, this.fetcher(), rowOf(Boolean(this.data.orgId)));
    },
    onFilter(event: Tap<{ open: string }>) {
      const openOnly = event.currentTarget.dataset.open === '1';
      if (openOnly === this.data.openOnly) return;
      this.setData({ openOnly });
      this.load();
    },
    onAsk() {
      wx.navigateTo({ url: PAGES.serviceAsk() });
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.serviceRequest(row.serviceId) });
    },
  },
});
