import type { ActionInput } from '../../../server/contract';
import type { StudyPlanView } from '../../../server/contract/study';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDate, todayCst } from '../../services/format';
import {
  type NextSteps,
  type Notice,
  NO_NOTICE,
  follow,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';

type SaveInput = ActionInput<'study.savePlan'>;

interface PlanRow {
  /** A key for wx:for only; never sent. */
  key: string;
  /** Kept for an existing item so members' records stay attached to it; null for a new one. */
  itemId: string | null;
  title: string;
  /** As typed; turned into a number when saving. */
  hours: string;
  dueMonth: number;
  titleError: string;
  hoursError: string;
  monthError: string;
}

interface YearTab {
  year: number;
  label: string;
}

type RowField = 'title' | 'hours' | 'dueMonth';

const MONTH_OPTIONS: string[] = Array.from({ length: 12 }, (_, i) => `${i + 1} 月底前`);

let lastKey = 0;
const newKey = (): string => {
  lastKey += 1;
  return `k${lastKey}`;
};

function blankRow(): PlanRow {
  // December: the year's end is the natural deadline until the secretary says otherwise.
  return { key: newKey(), itemId: null, title: '', hours: '', dueMonth: 12, titleError: '', hoursError: '', monthError: '' };
}

function rowsOf(plan: StudyPlanView): PlanRow[] {
  return plan.items.map((item) => ({
    key: newKey(),
    itemId: item.itemId,
    title: item.title,
    hours: String(item.hours),
    dueMonth: item.dueMonth,
    titleError: '',
    hoursError: '',
    monthError: '',
  }));
}

/** '' → null (not filled), a number, or NaN (not a number). */
function parseHours(text: string): number | null {
  const trimmed = text.trim();
  return trimmed ? Number(trimmed) : null;
}

function totalOf(rows: PlanRow[]): number {
  return rows.reduce((sum, row) => {
    const hours = parseHours(row.hours);
    return hours !== null && Number.isFinite(hours) ? sum + hours : sum;
  }, 0);
}

/** 'items.2.title' → [2, 'title']; 'items.2' → [2, null]. */
function itemPathOf(path: string | undefined): [number, RowField | null] | null {
  const match = path ? /^items\.(\d+)(?:\.(\w+))?/.exec(path) : null;
  if (!match) return null;
  const field = match[2] === 'title' || match[2] === 'hours' || match[2] === 'dueMonth' ? match[2] : null;
  return [Number(match[1]), field];
}

const ROW_ERROR_KEY: Record<RowField, 'titleError' | 'hoursError' | 'monthError'> = {
  title: 'titleError',
  hours: 'hoursError',
  dueMonth: 'monthError',
};

const SAVE_STEPS: NextSteps = {
  // The save button is the retry for these.
  INTERNAL: { actionText: '', action: '' },
  NETWORK: { actionText: '', action: '' },
};

const CHANGED_NOTICE = '学习计划刚被其他人修改过，已为您刷新。请在最新的计划上重新修改。';

Component({
  data: {
    branchId: '',
    year: 0,
    years: [] as YearTab[],
    status: 'loading' as 'loading' | 'error' | 'none' | 'ready',
    error: NO_NOTICE as Notice,
    defaultTargetHours: 0,
    /** The loaded plan's version, or null while the plan is new. */
    version: null as number | null,
    publishedAt: '',
    targetHours: '',
    targetError: '',
    rows: [] as PlanRow[],
    itemsError: '',
    totalText: '',
    shortText: '',
    submitError: NO_NOTICE as Notice,
    saving: false,
    notice: '',
    monthOptions: MONTH_OPTIONS,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const thisYear = Number(todayCst().slice(0, 4));
      const asked = Number(options.year);
      const year = Number.isInteger(asked) && asked > 2000 ? asked : thisYear;
      const branchId = options.branchId ?? '';
      this.setData({
        branchId,
        year,
        years: [
          { year: thisYear, label: `今年（${thisYear}）` },
          { year: thisYear + 1, label: `明年（${thisYear + 1}）` },
        ],
      });
      if (branchId) this.load();
      else this.setData(noRecordState('没有指定支部'));
    },
    async load() {
      const year = this.data.year;
      this.setData({ status: 'loading', submitError: NO_NOTICE, targetError: '', itemsError: '' });
      const result = await callAction('study.plan', { branchId: this.data.branchId, year });
      // The year switched while this plan was on its way: the newer load owns the screen.
      if (this.data.year !== year) return;
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { plan, defaultTargetHours } = result.data;
      if (!plan) {
        this.setData({ status: 'none', defaultTargetHours, version: null, publishedAt: '', rows: [] });
        return;
      }
      this.showPlan(plan);
    },
    showPlan(plan: StudyPlanView) {
      this.setData({
        status: 'ready',
        version: plan.version,
        publishedAt: formatDate(plan.publishedAt),
        targetHours: String(plan.targetHours),
        rows: rowsOf(plan),
      });
      this.updateTotal();
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onYear(event: Tap<{ year: number }>) {
      const year = Number(event.currentTarget.dataset.year);
      if (year === this.data.year || !this.data.branchId) return;
      this.setData({ year, notice: '' });
      this.load();
    },
    /** A new plan starts from the target the organization set, and one empty row. */
    onStart() {
      this.setData({
        status: 'ready',
        version: null,
        publishedAt: '',
        targetHours: String(this.data.defaultTargetHours),
        rows: [blankRow()],
      });
      this.updateTotal();
    },

    updateTotal() {
      const total = totalOf(this.data.rows);
      const target = parseHours(this.data.targetHours);
      const hasTarget = target !== null && Number.isFinite(target);
      this.setData({
        totalText: hasTarget ? `计划 ${total} 学时，目标 ${target} 学时` : `计划 ${total} 学时`,
        shortText: hasTarget && total < target ? `比目标少 ${target - total} 学时，党员学完计划也达不到全年目标` : '',
      });
    },
    onTarget(event: Change<string>) {
      this.setData({ targetHours: event.detail.value, targetError: '' });
      this.updateTotal();
    },
    onRowText(event: Change<string, { index: number; field: 'title' | 'hours' }>) {
      const { index, field } = event.currentTarget.dataset;
      if (!this.data.rows[index]) return;
      this.setData({ [`rows[${index}].${field}`]: event.detail.value, [`rows[${index}].${ROW_ERROR_KEY[field]}`]: '' });
      if (field === 'hours') this.updateTotal();
    },
    onRowMonth(event: Change<number | string, { index: number }>) {
      const index = event.currentTarget.dataset.index;
      const month = Number(event.detail.value) + 1;
      if (!this.data.rows[index] || month < 1 || month > 12) return;
      this.setData({ [`rows[${index}].dueMonth`]: month, [`rows[${index}].monthError`]: '' });
    },
    onAddRow() {
      this.setData({ rows: this.data.rows.concat(blankRow()), itemsError: '' });
    },
    onRemoveRow(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      this.setData({ rows: this.data.rows.filter((_, i) => i !== index) });
      this.updateTotal();
    },

    /**
     * Blank and non-numeric entries are caught here (they cannot be sent as numbers); every other
     * check — how many items, how many hours, half-hour steps — is the server's, shown on its row.
     */
    readForm(): SaveInput | null {
      let wrong = false;
      const rows = this.data.rows.map((row) => {
        const hours = parseHours(row.hours);
        const titleError = row.title.trim() ? '' : '请填写学习内容';
        const hoursError = hours === null ? '请填写学时' : Number.isFinite(hours) ? '' : '请填写数字，如 2 或 1.5';
        if (titleError || hoursError) wrong = true;
        return { ...row, titleError, hoursError, monthError: '' };
      });
      const target = parseHours(this.data.targetHours);
      const targetError = target === null ? '请填写全年目标学时' : Number.isFinite(target) ? '' : '请填写数字，如 32';
      this.setData({ rows, targetError, itemsError: '' });
      if (wrong || targetError || target === null) return null;
      return {
        branchId: this.data.branchId,
        year: this.data.year,
        targetHours: target,
        items: rows.map((row) => ({
          ...(row.itemId ? { itemId: row.itemId } : {}),
          title: row.title.trim(),
          hours: Number(row.hours.trim()),
          dueMonth: row.dueMonth,
        })),
        version: this.data.version,
      };
    },
    async onSave() {
      if (this.data.saving || this.data.status !== 'ready') return;
      const input = this.readForm();
      if (!input) {
        this.setData({ submitError: { text: '有几项需要填写或修改，请看标红的提示', actionText: '', action: '' } });
        return;
      }
      const isNew = input.version === null;
      this.setData({ saving: true, submitError: NO_NOTICE, notice: '' });
      const result = await callAction('study.savePlan', input);
      this.setData({ saving: false });
      if (!result.ok) {
        if (result.error.code === 'CONFLICT') {
          this.setData({ notice: CHANGED_NOTICE });
          this.load();
          return;
        }
        this.showSaveError(result.error.field, noticeFor(result.error, SAVE_STEPS));
        return;
      }
      this.showPlan(result.data);
      wx.showToast({ title: isNew ? '已发布' : '已保存', icon: 'success' });
    },
    /** The server's error goes on the row and field it names, or under the button. */
    showSaveError(field: string | undefined, notice: Notice) {
      const item = itemPathOf(field);
      if (item && this.data.rows[item[0]]) {
        const [index, rowField] = item;
        this.setData({
          [`rows[${index}].${ROW_ERROR_KEY[rowField ?? 'title']}`]: notice.text,
          submitError: { ...notice, text: `第 ${index + 1} 项：${notice.text}` },
        });
        return;
      }
      if (field === 'items') this.setData({ itemsError: notice.text, submitError: notice });
      else if (field === 'targetHours') this.setData({ targetError: notice.text, submitError: notice });
      else this.setData({ submitError: notice });
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => this.load());
    },
  },
});
