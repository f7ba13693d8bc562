import type { ActionOutput } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDate } from '../../services/format';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, urlOf } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { scanScene } from '../../services/scan-code';
import {
  type MyStatus,
  NOT_A_SIGN_IN_CODE,
  activityWhen,
  cancelledText,
  kindText,
  myStatusOf,
  signInUrlForScene,
} from '../../services/activity-text';

type Life = ActionOutput<'life.mine'>;
type LifeRow = Life['upcoming'][number];

interface UpcomingRow {
  activityId: string;
  kindText: string;
  topic: string;
  when: string;
  place: string;
  cancelled: string;
  mine: MyStatus;
}

interface HistoryRow {
  activityId: string;
  kindText: string;
  topic: string;
  date: string;
  mine: MyStatus;
}

function upcomingRowOf({ activity, mine }: LifeRow): UpcomingRow {
  return {
    activityId: activity.activityId,
    kindText: kindText(activity),
    topic: activity.topic,
    when: activityWhen(activity),
    place: activity.place,
    cancelled: cancelledText(activity),
    mine: myStatusOf(mine),
  };
}

function historyRowOf({ activity, mine }: LifeRow): HistoryRow {
  return {
    activityId: activity.activityId,
    kindText: kindText(activity),
    topic: activity.topic,
    date: formatDate(activity.startsAt),
    mine: myStatusOf(mine),
  };
}

/** `今年参加组织生活 5 次，志愿服务 4 小时，最近一次 2026年9月20日`. */
function figuresOf(life: Life): string {
  const last = life.lastLifeOn ? `最近一次 ${formatDate(life.lastLifeOn)}` : '还没有参加记录';
  const services = life.serviceHoursThisYear > 0 ? `（其中为居民服务 ${life.serviceHoursThisYear} 小时）` : '';
  return `今年参加组织生活 ${life.attendedThisYear} 次，志愿服务 ${life.volunteerHoursThisYear} 小时${services}，${last}`;
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'unplaced' | 'ready',
    error: NO_NOTICE as Notice,
    branchName: '',
    figures: '',
    upcoming: [] as UpcomingRow[],
    history: [] as HistoryRow[],
    scanning: false,
    scanError: '',
    /** Set when the member went to sign in: the record changes, so it reloads on the way back. */
    stale: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    onShow() {
      if (this.data.stale) this.load();
    },
    async load() {
      this.setData({ status: 'loading', stale: false });
      const result = await callAction('life.mine', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const life = result.data;
      this.setData({
        // History stays the member's own even outside a branch, so it shows in both states.
        status: life.branch ? 'ready' : 'unplaced',
        branchName: life.branch?.name ?? '',
        figures: figuresOf(life),
        upcoming: life.upcoming.map(upcomingRowOf),
        history: life.history.map(historyRowOf),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onCheckin() {
      wx.navigateTo({ url: urlOf('checkin') });
    },

    onOpenActivity(event: Tap<{ id: string }>) {
      const activityId = event.currentTarget.dataset.id;
      if (!activityId) return;
      this.setData({ stale: true });
      wx.navigateTo({ url: PAGES.activitySignIn(activityId) });
    },

    async onScan() {
      if (this.data.scanning) return;
      this.setData({ scanning: true, scanError: '' });
      const scanned = await scanScene(NOT_A_SIGN_IN_CODE);
      this.setData({ scanning: false, scanError: scanned.ok ? '' : scanned.error });
      if (!scanned.ok) return;
      // The sign-in page resolves the code, so a scanned code and an opened code read the same.
      this.setData({ stale: true });
      wx.navigateTo({ url: signInUrlForScene(scanned.scene) });
    },
  },
});
