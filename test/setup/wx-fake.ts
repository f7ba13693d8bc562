import type { ActionError, ActionInput, ActionName, ActionOutput, ActionResult, ErrorCode } from '../../server/contract';
import { isServerWorded } from '../../server/contract/errors';

/**
 * One typed fake of the `wx` APIs the mini-program uses. Both transports (wx.cloud.callFunction
 * and wx.request to the local gateway) answer from the same per-action queue, so page tests do
 * not care which one config.ts picks. Every call is recorded for assertions.
 */

type Reply =
  | { kind: 'result'; value: unknown; statusCode: number }
  | { kind: 'transport-error'; errMsg: string }
  | { kind: 'held'; promise: Promise<Reply> };

export interface RecordedCall {
  action: string;
  input: unknown;
  transport: 'cloud' | 'http';
}

export interface Held<K extends ActionName> {
  resolve(result: ActionResult<ActionOutput<K>>): void;
  failTransport(errMsg: string): void;
}

export type Navigation =
  { method: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab'; url: string } | { method: 'navigateBack'; delta: number };

export const ok = <T>(data: T): { ok: true; data: T } => ({ ok: true, data });
/** A refusal as the server sends it: marked `worded` exactly where the contract says the server words it. */
export const fail = (code: ErrorCode, message: string = code, field?: string): { ok: false; error: ActionError } => ({
  ok: false,
  error: { code, message, ...(field ? { field } : {}), ...(isServerWorded(code, message) ? { worded: true as const } : {}) },
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class WxFake {
  readonly calls: RecordedCall[] = [];
  readonly requests: WechatMiniprogram.RequestOption[] = [];
  readonly navigations: Navigation[] = [];
  readonly toasts: WechatMiniprogram.ShowToastOption[] = [];
  readonly modals: WechatMiniprogram.ShowModalOption[] = [];
  readonly savedImages: string[] = [];
  /** Numbers passed to wx.makePhoneCall, in order. */
  readonly phoneCalls: string[] = [];
  readonly writtenFiles: WechatMiniprogram.WriteFileOption[] = [];
  /** Actions called with nothing queued; a test that ends with entries here forgot a reply. */
  readonly unanswered: string[] = [];
  /** The template ids of each wx.requestSubscribeMessage, in order. */
  readonly subscribeRequests: string[][] = [];
  /** wx storage (getStorageSync / setStorageSync). */
  readonly storage = new Map<string, unknown>();
  private subscribeAnswers: Array<Record<string, string> | { errMsg: string }> = [];
  private readonly replies = new Map<string, Reply[]>();
  private modalAnswers: boolean[] = [];
  private scanAnswers: Array<Partial<WechatMiniprogram.ScanCodeSuccessCallbackResult> | { errMsg: string }> = [];
  private locationAnswers: Array<{ latitude: number; longitude: number } | { errMsg: string }> = [];
  private chooseLocationAnswers: Array<
    { latitude: number; longitude: number; name: string; address: string } | { errMsg: string }
  > = [];
  private settingAnswers: boolean[] = [];
  /** The points passed to wx.chooseLocation (undefined for none), in order. */
  readonly mapPicks: Array<{ latitude?: number; longitude?: number }> = [];
  /** The places shown with wx.openLocation, in order. */
  readonly openedLocations: WechatMiniprogram.OpenLocationOption[] = [];
  /** How many times wx.getLocation was called. */
  locationRequests = 0;

  reset(): void {
    this.calls.length = 0;
    this.requests.length = 0;
    this.navigations.length = 0;
    this.toasts.length = 0;
    this.modals.length = 0;
    this.savedImages.length = 0;
    this.phoneCalls.length = 0;
    this.writtenFiles.length = 0;
    this.unanswered.length = 0;
    this.subscribeRequests.length = 0;
    this.storage.clear();
    this.subscribeAnswers = [];
    this.replies.clear();
    this.modalAnswers = [];
    this.scanAnswers = [];
    this.locationAnswers = [];
    this.chooseLocationAnswers = [];
    this.settingAnswers = [];
    this.mapPicks.length = 0;
    this.openedLocations.length = 0;
    this.locationRequests = 0;
  }

  // ---- scripting -------------------------------------------------------------------------

  /** Queue what the `api` function answers to the next call of `action`. */
  respond<K extends ActionName>(action: K, result: ActionResult<ActionOutput<K>>): this {
    return this.enqueue(action, { kind: 'result', value: result, statusCode: 200 });
  }

  /** Queue any value as the function's result (or HTTP body), to test envelope narrowing. */
  respondRaw(action: ActionName, value: unknown, statusCode = 200): this {
    return this.enqueue(action, { kind: 'result', value, statusCode });
  }

  /** The call itself fails: callFunction rejects / wx.request calls `fail`, with this errMsg. */
  failTransport(action: ActionName, errMsg: string): this {
    return this.enqueue(action, { kind: 'transport-error', errMsg });
  }

  /** The next call of `action` stays in flight until the test settles it: for loading states. */
  hold<K extends ActionName>(action: K): Held<K> {
    let settle: (reply: Reply) => void = () => undefined;
    const promise = new Promise<Reply>((resolve) => {
      settle = resolve;
    });
    this.enqueue(action, { kind: 'held', promise });
    return {
      resolve: (result) => settle({ kind: 'result', value: result, statusCode: 200 }),
      failTransport: (errMsg) => settle({ kind: 'transport-error', errMsg }),
    };
  }

  /** The next wx.showModal answers 确定 (true) or 取消 (false); unqueued modals confirm. */
  answerModal(confirm: boolean): this {
    this.modalAnswers.push(confirm);
    return this;
  }

  /** The next wx.scanCode reads this code, or fails with `{ errMsg }` (e.g. the user cancelled). */
  answerScan(result: Partial<WechatMiniprogram.ScanCodeSuccessCallbackResult> | { errMsg: string }): this {
    this.scanAnswers.push(result);
    return this;
  }

  /** The next wx.getLocation finds this point, or fails with `{ errMsg }`; unqueued ones are refused ('getLocation:fail auth deny'). */
  answerLocation(answer: { latitude: number; longitude: number } | { errMsg: string }): this {
    this.locationAnswers.push(answer);
    return this;
  }

  /** The next wx.chooseLocation picks this place, or fails with `{ errMsg }`; unqueued ones are cancelled. */
  answerChooseLocation(
    answer: { latitude: number; longitude: number; name: string; address: string } | { errMsg: string },
  ): this {
    this.chooseLocationAnswers.push(answer);
    return this;
  }

  /** The next wx.openSetting comes back with the location allowed (true) or not; unqueued ones come back not allowed. */
  answerSetting(locationAllowed: boolean): this {
    this.settingAnswers.push(locationAllowed);
    return this;
  }

  /** The next wx.requestSubscribeMessage answers template id → accept/reject, or fails with `{ errMsg }`; unqueued ones accept all. */
  answerSubscribe(answer: Record<string, string> | { errMsg: string }): this {
    this.subscribeAnswers.push(answer);
    return this;
  }

  /** Inputs sent for one action, in order, typed by the contract. */
  callsOf<K extends ActionName>(action: K): ActionInput<K>[] {
    return this.calls.filter((call) => call.action === action).map((call) => call.input as ActionInput<K>);
  }

  lastNavigation(): Navigation | undefined {
    return this.navigations[this.navigations.length - 1];
  }

  /** The address of the last navigation that went somewhere ('' for none, or a navigateBack). */
  lastUrl(): string {
    const last = this.lastNavigation();
    return last && 'url' in last ? last.url : '';
  }

  // ---- the fake `wx` -----------------------------------------------------------------------

  private enqueue(action: string, reply: Reply): this {
    const queue = this.replies.get(action) ?? [];
    queue.push(reply);
    this.replies.set(action, queue);
    return this;
  }

  private async nextReply(action: string): Promise<Reply> {
    const reply = this.replies.get(action)?.shift();
    await tick();
    if (!reply) {
      this.unanswered.push(action);
      return { kind: 'transport-error', errMsg: `cloud.callFunction:fail no fake reply queued for ${action}` };
    }
    return reply.kind === 'held' ? reply.promise : reply;
  }

  private static event(data: unknown): { action: string; input: unknown } {
    const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    return { action: String(record.action), input: record.input };
  }

  readonly cloud = {
    init: (_config?: ICloudConfig): void => undefined,
    callFunction: async (param: {
      name: string;
      data?: Record<string, unknown>;
    }): Promise<{ result: unknown; errMsg: string }> => {
      const { action, input } = WxFake.event(param.data);
      this.calls.push({ action, input, transport: 'cloud' });
      const reply = await this.nextReply(action);
      if (reply.kind === 'transport-error') throw { errMsg: reply.errMsg, errCode: -1 };
      if (reply.kind === 'result') return { result: reply.value, errMsg: 'cloud.callFunction:ok' };
      throw new Error('unreachable');
    },
  };

  request = (option: WechatMiniprogram.RequestOption): void => {
    this.requests.push(option);
    const { action, input } = WxFake.event(option.data);
    this.calls.push({ action, input, transport: 'http' });
    void this.nextReply(action).then((reply) => {
      if (reply.kind === 'transport-error')
        option.fail?.({ errMsg: reply.errMsg, errno: 600001 } as WechatMiniprogram.RequestFailCallbackErr);
      if (reply.kind === 'result') {
        option.success?.({
          data: reply.value as WechatMiniprogram.IAnyObject,
          statusCode: reply.statusCode,
          header: {},
          cookies: [],
          errMsg: 'request:ok',
        } as unknown as WechatMiniprogram.RequestSuccessCallbackResult);
      }
    });
  };

  scanCode = async (_option?: WechatMiniprogram.ScanCodeOption): Promise<WechatMiniprogram.ScanCodeSuccessCallbackResult> => {
    await tick();
    const answer = this.scanAnswers.shift() ?? { errMsg: 'scanCode:fail cancel' };
    if ('errMsg' in answer && !('result' in answer) && !('path' in answer)) throw answer;
    return {
      charSet: 'utf-8',
      path: '',
      rawData: '',
      result: '',
      scanType: 'WX_CODE',
      errMsg: 'scanCode:ok',
      ...answer,
    } as WechatMiniprogram.ScanCodeSuccessCallbackResult;
  };

  getLocation = async (
    _option?: WechatMiniprogram.GetLocationOption,
  ): Promise<WechatMiniprogram.GetLocationSuccessCallbackResult> => {
    this.locationRequests += 1;
    await tick();
    const answer = this.locationAnswers.shift() ?? { errMsg: 'getLocation:fail auth deny' };
    if ('errMsg' in answer) throw answer;
    return {
      ...answer,
      accuracy: 30,
      altitude: 0,
      speed: -1,
      horizontalAccuracy: 30,
      verticalAccuracy: 0,
      errMsg: 'getLocation:ok',
    };
  };

  chooseLocation = async (
    option?: WechatMiniprogram.ChooseLocationOption,
  ): Promise<WechatMiniprogram.ChooseLocationSuccessCallbackResult> => {
    this.mapPicks.push({ latitude: option?.latitude, longitude: option?.longitude });
    await tick();
    const answer = this.chooseLocationAnswers.shift() ?? { errMsg: 'chooseLocation:fail cancel' };
    if ('errMsg' in answer) throw answer;
    return { ...answer, errMsg: 'chooseLocation:ok' };
  };

  openLocation = (option: WechatMiniprogram.OpenLocationOption): Promise<WechatMiniprogram.GeneralCallbackResult> => {
    this.openedLocations.push(option);
    return Promise.resolve({ errMsg: 'openLocation:ok' });
  };

  openSetting = async (
    _option?: WechatMiniprogram.OpenSettingOption,
  ): Promise<WechatMiniprogram.OpenSettingSuccessCallbackResult> => {
    await tick();
    const allowed = this.settingAnswers.shift() ?? false;
    return {
      authSetting: { 'scope.userLocation': allowed },
      errMsg: 'openSetting:ok',
    } as WechatMiniprogram.OpenSettingSuccessCallbackResult;
  };

  requestSubscribeMessage = (option: WechatMiniprogram.RequestSubscribeMessageOption): void => {
    this.subscribeRequests.push([...option.tmplIds]);
    const answer = this.subscribeAnswers.shift() ?? Object.fromEntries(option.tmplIds.map((id) => [id, 'accept']));
    setTimeout(() => {
      if ('errMsg' in answer) option.fail?.({ errMsg: String(answer.errMsg), errCode: 20004 });
      else
        option.success?.({
          ...answer,
          errMsg: 'requestSubscribeMessage:ok',
        } as WechatMiniprogram.RequestSubscribeMessageSuccessCallbackResult);
    }, 0);
  };

  getStorageSync = (key: string): unknown => this.storage.get(key) ?? '';
  setStorageSync = (key: string, value: unknown): void => {
    this.storage.set(key, value);
  };

  navigateTo = (option: WechatMiniprogram.NavigateToOption): Promise<void> =>
    this.navigate({ method: 'navigateTo', url: option.url });
  redirectTo = (option: WechatMiniprogram.RedirectToOption): Promise<void> =>
    this.navigate({ method: 'redirectTo', url: option.url });
  reLaunch = (option: WechatMiniprogram.ReLaunchOption): Promise<void> => this.navigate({ method: 'reLaunch', url: option.url });
  switchTab = (option: WechatMiniprogram.SwitchTabOption): Promise<void> =>
    this.navigate({ method: 'switchTab', url: option.url });
  navigateBack = (option?: WechatMiniprogram.NavigateBackOption): Promise<void> =>
    this.navigate({ method: 'navigateBack', delta: option?.delta ?? 1 });

  private navigate(navigation: Navigation): Promise<void> {
    this.navigations.push(navigation);
    return Promise.resolve();
  }

  showToast = (option: WechatMiniprogram.ShowToastOption): Promise<void> => {
    this.toasts.push(option);
    return Promise.resolve();
  };
  hideToast = (): void => undefined;
  showLoading = (_option: WechatMiniprogram.ShowLoadingOption): void => undefined;
  hideLoading = (): void => undefined;

  showModal = async (option: WechatMiniprogram.ShowModalOption): Promise<WechatMiniprogram.ShowModalSuccessCallbackResult> => {
    this.modals.push(option);
    await tick();
    const confirm = this.modalAnswers.shift() ?? true;
    return { confirm, cancel: !confirm, content: '', errMsg: 'showModal:ok' };
  };

  saveImageToPhotosAlbum = async (option: WechatMiniprogram.SaveImageToPhotosAlbumOption): Promise<void> => {
    this.savedImages.push(option.filePath);
  };
  makePhoneCall = (option: WechatMiniprogram.MakePhoneCallOption): Promise<WechatMiniprogram.GeneralCallbackResult> => {
    this.phoneCalls.push(option.phoneNumber);
    const result = { errMsg: 'makePhoneCall:ok' };
    option.success?.(result);
    option.complete?.(result);
    return Promise.resolve(result);
  };
  previewImage = (_option: WechatMiniprogram.PreviewImageOption): void => undefined;

  readonly env = { USER_DATA_PATH: 'wxfile://usr' };
  getFileSystemManager = (): { writeFile(option: WechatMiniprogram.WriteFileOption): void } => ({
    writeFile: (option) => {
      this.writtenFiles.push(option);
      setTimeout(() => option.success?.({ errMsg: 'writeFile:ok' } as WechatMiniprogram.FileError), 0);
    },
  });

  pageScrollTo = (_option: WechatMiniprogram.PageScrollToOption): void => undefined;
  setNavigationBarTitle = (_option: WechatMiniprogram.SetNavigationBarTitleOption): void => undefined;
  stopPullDownRefresh = (): void => undefined;
  nextTick = (callback: () => void): void => {
    setTimeout(callback, 0);
  };

  // TDesign and the simulator ask about the screen.
  getSystemInfoSync = (): Partial<WechatMiniprogram.SystemInfo> => ({
    windowWidth: 375,
    windowHeight: 667,
    pixelRatio: 2,
    platform: 'devtools',
    SDKVersion: '3.8.10',
  });
  getWindowInfo = (): Partial<WechatMiniprogram.WindowInfo> => ({
    windowWidth: 375,
    windowHeight: 667,
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 667,
  });
  getDeviceInfo = (): Partial<WechatMiniprogram.DeviceInfo> => ({ platform: 'devtools' });
  getAppBaseInfo = (): Partial<WechatMiniprogram.AppBaseInfo> => ({ SDKVersion: '3.8.10' });
}

const INSTALLED = '__wxFake';

/**
 * Makes a fake the global `wx`. miniprogram-simulate, when first required, replaces `wx` with
 * its own API object after copying ours onto it (`Object.assign(api, wx)`); the fake's methods
 * are arrow-function properties so they survive that copy, and the instance is kept aside here.
 */
export function installWxFake(): WxFake {
  const fake = new WxFake();
  const g = globalThis as Record<string, unknown>;
  g[INSTALLED] = fake;
  g.wx = fake;
  return fake;
}

/** The fake that test/setup/miniprogram-setup.ts installed. */
export function wxFake(): WxFake {
  const installed = (globalThis as Record<string, unknown>)[INSTALLED];
  if (!installed) throw new Error('wx fake is not installed: is test/setup/miniprogram-setup.ts a setupFile?');
  return installed as WxFake;
}

/**
 * The installed fake for a page test file: reset before each test, and a test fails when the page
 * called an action the test queued no reply for (see `unanswered`).
 */
export function useWxFake(): WxFake {
  const fake = wxFake();
  beforeEach(() => fake.reset());
  afterEach(() => expect(fake.unanswered).toEqual([]));
  return fake;
}
