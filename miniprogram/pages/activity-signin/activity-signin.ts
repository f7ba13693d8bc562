import type { ActivityView, AttendanceView, SignInView } from '../../../server/contract/activities';
import { callAction } from '../../services/call-action';
import { type ClientError, messageFor } from '../../services/error-messages';
import { type Step, go, loadErrorNotice, noticeFor } from '../../services/navigation';
import { formatDateTime } from '../../services/format';
import { PAGES } from '../../services/pages';
import { scanScene } from '../../services/scan-code';
import {
  type MyStatus,
  NOT_A_SIGN_IN_CODE,
  activityWhen,
  cancelledText,
  kindText,
  myStatusOf,
  sceneOfActivity,
  signInWindow,
} from '../../services/activity-text';

/** Where a message on this page can lead: the shared steps, back to 我的组织生活, or scanning again. */
type NextAction = Step | 'my-life' | 'scan';

interface NextNotice {
  text: string;
  actionText: string;
  action: NextAction;
}

const NONE: NextNotice = { text: '', actionText: '', action: '' };

interface ActivityCard {
  activityId: string;
  branchName: string;
  kindText: string;
  topic: string;
  when: string;
  place: string;
  window: string;
  /** '' while the activity goes ahead. */
  cancelled: string;
}

/** After a refusal of 签到: what it says, its next step, and whether 签到 may be tapped again. */
interface Refusal extends NextNotice {
  canRetry: boolean;
}

const NO_REFUSAL: Refusal = { ...NONE, canRetry: true };

/**
 * What the page says before any tap, from the server's view of whether and when this member can
 * sign in: 签到 is offered only while it is open. `refresh` looks again (sign-in may have opened).
 */
interface BeforeTap {
  text: string;
  canSignIn: boolean;
  actionText: string;
  action: NextAction | 'refresh';
}

function beforeTapOf(signIn: SignInView, branchName: string): BeforeTap {
  switch (signIn.state) {
    case 'open':
      return { text: '', canSignIn: true, actionText: '', action: '' };
    case 'not_yet_open':
      return {
        text: `签到还没开始，${formatDateTime(signIn.opensAt)} 开始签到。到时请点“刷新”或重新扫码。`,
        canSignIn: false,
        actionText: '刷新',
        action: 'refresh',
      };
    case 'closed':
      return {
        text: '这项活动的签到已结束。如果您参加了，请告诉支部书记，由书记登记。',
        canSignIn: false,
        ...BACK,
      };
    case 'not_placed':
      return {
        text: `您还没有纳入“${branchName}”管理，不能在这项活动签到。${NOT_PLACED_HINT}`,
        canSignIn: false,
        actionText: '去报到',
        action: 'checkin',
      };
    case 'cancelled':
    case 'signed_in':
      // Shown by the cancelled and signed-in cards.
      return { text: '', canSignIn: false, actionText: '', action: '' };
  }
}

const NO_BEFORE_TAP: BeforeTap = { text: '', canSignIn: false, actionText: '', action: '' };

function cardOf(activity: ActivityView): ActivityCard {
  return {
    activityId: activity.activityId,
    branchName: activity.branch.name,
    kindText: kindText(activity),
    topic: activity.topic,
    when: activityWhen(activity),
    place: activity.place,
    window: signInWindow(activity),
    cancelled: cancelledText(activity),
  };
}

const BACK = { actionText: '返回我的组织生活', action: 'my-life' } as const;
const NOT_FOUND_TEXT = '没有找到这项活动，可能已被删除';
const NOT_PLACED_HINT = '只有纳入这个支部管理的党员才能在这里签到。请先向支部报到，支部书记同意后就可以签到了。';

function refusalOf(error: ClientError): Refusal {
  switch (error.code) {
    case 'SIGN_IN_CLOSED':
      // 签到 stays: someone who came early can tap again once it opens.
      return { text: messageFor(error), ...BACK, canRetry: true };
    case 'NOT_PLACED':
      return { text: `${messageFor(error)}。${NOT_PLACED_HINT}`, actionText: '去报到', action: 'checkin', canRetry: false };
    case 'ACTIVITY_CANCELLED':
      return { text: messageFor(error), ...BACK, canRetry: false };
    case 'NOT_FOUND':
      return { text: NOT_FOUND_TEXT, ...BACK, canRetry: false };
    case 'INVALID_CODE':
      return { text: NOT_A_SIGN_IN_CODE, actionText: '重新扫码', action: 'scan', canRetry: false };
    default: {
      const notice = noticeFor(error, { NETWORK: { actionText: '', action: '' }, INTERNAL: { actionText: '', action: '' } });
      // Without a better next step (a network failure), the 签到 button itself is the retry.
      return { ...notice, canRetry: notice.action === '' };
    }
  }
}

Component({
  data: {
    /** `scan`: no activity to show (opened without a code, or the code was not one): scan one. */
    status: 'loading' as 'loading' | 'error' | 'scan' | 'ready',
    /** The scene being shown, so 重试 resolves the same code again. */
    scene: '',
    error: NONE as NextNotice,
    scanText: '',
    scanning: false,
    activity: null as ActivityCard | null,
    mine: myStatusOf(null) as MyStatus,
    signing: false,
    /** Set once 签到 succeeded: 签到成功, or that it had been done before. */
    signedTitle: '',
    refusal: NO_REFUSAL as Refusal,
    beforeTap: NO_BEFORE_TAP as BeforeTap,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      // A mini-program code's scene arrives encoded (`a%3D…`); so does the one my-life passes on.
      if (options.scene) this.resolve(decodeURIComponent(options.scene));
      else if (options.activityId) this.resolve(sceneOfActivity(options.activityId));
      else this.setData({ status: 'scan', scanText: '请扫描活动现场的签到码' });
    },
    async resolve(scene: string) {
      this.setData({ scene, status: 'loading', signedTitle: '', refusal: NO_REFUSAL });
      const result = await callAction('activity.resolveCode', { scene });
      if (!result.ok) {
        if (result.error.code === 'INVALID_CODE') {
          // Our shared INVALID_CODE wording is about branch check-in codes; this page speaks of sign-in codes.
          const said = result.error.worded ? `${result.error.message}。请对准活动的签到码重新扫描` : NOT_A_SIGN_IN_CODE;
          this.setData({ status: 'scan', scanText: said });
          return;
        }
        const error: NextNotice =
          result.error.code === 'NOT_FOUND' ? { text: NOT_FOUND_TEXT, ...BACK } : loadErrorNotice(result.error);
        this.setData({ status: 'error', error });
        return;
      }
      this.show(result.data.activity, result.data.mine, result.data.signIn);
    },
    show(activity: ActivityView, mine: AttendanceView | null, signIn: SignInView) {
      this.setData({
        status: 'ready',
        activity: cardOf(activity),
        mine: myStatusOf(mine),
        beforeTap: beforeTapOf(signIn, activity.branch.name),
      });
    },
    onBeforeTapAction() {
      const { action } = this.data.beforeTap;
      if (action === 'refresh') this.resolve(this.data.scene);
      else this.next(action);
    },
    onStateAction() {
      this.next(this.data.error.action);
    },
    onRefusalAction() {
      this.next(this.data.refusal.action);
    },
    next(action: NextAction) {
      if (action === 'my-life') this.onMyLife();
      else if (action === 'scan') this.onScan();
      else if (action === 'reload') this.resolve(this.data.scene);
      else go(action);
    },

    async onScan() {
      if (this.data.scanning) return;
      this.setData({ scanning: true });
      const scanned = await scanScene(NOT_A_SIGN_IN_CODE);
      this.setData({ scanning: false });
      if (!scanned.ok) {
        // Closing the camera says nothing and leaves the screen as it was.
        if (scanned.error) this.setData({ status: 'scan', scanText: scanned.error });
        return;
      }
      await this.resolve(scanned.scene);
    },

    async onSignIn() {
      const activity = this.data.activity;
      if (!activity || this.data.signing) return;
      this.setData({ signing: true, refusal: NO_REFUSAL });
      const result = await callAction('activity.signIn', { activityId: activity.activityId });
      this.setData({ signing: false });
      if (!result.ok) {
        const refusal = refusalOf(result.error);
        // The activity was cancelled after the page opened: show it as cancelled from now on.
        if (result.error.code === 'ACTIVITY_CANCELLED') this.setData({ 'activity.cancelled': refusal.text });
        this.setData({ refusal });
        return;
      }
      this.setData({
        mine: myStatusOf(result.data.attendance),
        signedTitle: result.data.alreadySignedIn ? '您已签到过，不会重复计算' : '签到成功',
      });
    },

    /** Back to 我的组织生活 when it opened this page; otherwise open it (a code opens this page directly). */
    onMyLife() {
      const pages = getCurrentPages();
      const previous = pages.length > 1 ? pages[pages.length - 2] : undefined;
      if (previous && previous.route === PAGES.myLife().slice(1)) wx.navigateBack({ delta: 1 });
      else wx.redirectTo({ url: PAGES.myLife() });
    },
  },
});
