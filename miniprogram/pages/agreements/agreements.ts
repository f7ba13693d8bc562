import type { AgreementView } from '../../../server/contract/joint-management';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDay } from '../../services/format';
import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUS_THEMES } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noRecordState } from '../../services/navigation';
import { PAGES } from '../../services/pages';

/** The 共管协议 an organization (or one below it) is a party to; the ones waiting for this side first. */

const LIMIT = 50;

export interface AgreementRow {
  agreementId: string;
  title: string;
  parties: string;
  term: string;
  statusText: string;
  statusTheme: string;
  /** This side still has to confirm the current terms. */
  toConfirm: boolean;
}

export function agreementRowOf(agreement: AgreementView): AgreementRow {
  return {
    agreementId: agreement.agreementId,
    title: agreement.title,
    parties: `${agreement.inflow.name}（流入地）与 ${agreement.outflow.name}（流出地）`,
    term: `${formatDay(agreement.termStart)} 至 ${formatDay(agreement.termEnd)}`,
    statusText: AGREEMENT_STATUS_LABELS[agreement.status],
    statusTheme: AGREEMENT_STATUS_THEMES[agreement.status],
    toConfirm: agreement.can.confirm,
  };
}

Component({
  data: {
    orgId: '',
    orgName: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    rows: [] as AgreementRow[],
    more: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId, orgName: options.name ? decodeURIComponent(options.name) : '' });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定组织'));
    },
    onShow() {
      // Back from confirming one: the list shows it confirmed.
      if (this.data.status === 'ready') this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('agreement.list', { orgId: this.data.orgId, limit: LIMIT });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const rows = result.data.items.map(agreementRowOf);
      rows.sort((a, b) => Number(b.toConfirm) - Number(a.toConfirm));
      this.setData({ status: 'ready', rows, more: result.data.nextCursor !== null });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.rows[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.agreement(row.agreementId) });
    },
  },
});
