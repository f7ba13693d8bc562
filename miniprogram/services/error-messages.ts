import type { ErrorCode } from '../../server/contract';

/** The server's codes plus the one only the phone can see: the request never arrived. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

export interface ClientError {
  code: ClientErrorCode;
  message: string;
  /** Dotted path of the wrong input field, e.g. `residence.address`. */
  field?: string;
  /** The server wrote the message for the person reading it (the contract's SERVER_WORDED_CODES). */
  worded?: boolean;
}

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: ClientError };

export const ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  BAD_REQUEST: '填写的内容有误，请检查后再提交',
  UNAUTHENTICATED: '登录状态已失效，请关闭小程序后重新打开',
  FORBIDDEN: '您没有办理这项业务的权限',
  // Also the answer for what is not the caller's to see: the words fit both.
  NOT_FOUND: '没有找到相关记录：可能已被删除，或不在您能查看的范围内',
  CONFLICT: '该记录已被其他人修改，请刷新后再试',
  INTERNAL: '系统出了点问题，请稍后再试',
  UNKNOWN_ACTION: '小程序版本过旧，请关闭后重新打开',
  CONSENT_REQUIRED: '请先阅读并同意个人信息收集告知书',
  NOT_REGISTERED: '您还没有登记党员信息，请先登记',
  SERVICE_ALREADY_TAKEN: '这条诉求已经有人受理了，请刷新后查看',
  SERVICE_CLOSED: '这条诉求已经办结，不能再办理',
  ALREADY_REGISTERED: '您已经登记过党员信息，如需修改，请在首页点“查看、修改我的信息”',
  ID_CARD_TAKEN: '该身份证号已被其他微信账号登记。如有疑问，请联系所在党组织',
  ID_LOOKUPS_LIMITED: '今天已经查询过多个身份证号，请明天再试，或直接联系您所在的党组织办理',
  ACCOUNT_MOVED: '这个微信号原来的党员档案已经转到新的微信号，请用新的微信号登录',
  MOVE_NOT_PENDING: '这条找回档案申请已经处理过了',
  MOVE_STALE: '申请之后档案已经转到别的微信号，或新微信号已经有了自己的档案，这条申请只能选择“不同意”',
  CHECKIN_ALREADY_OPEN: '您已有一条待审批的报到申请，请等待支部审批',
  ALREADY_PLACED: '您已纳入支部管理，无需再次报到',
  CHECKIN_NOT_PENDING: '该报到申请已经处理过或已撤回',
  NOT_A_BRANCH: '这不是党支部，请选择一个党支部',
  INVALID_PLACEMENT: '只能安排到您负责的党支部；其他支部的申请请转交',
  INVALID_FORWARD: '只能转交给同一上级组织下的其他党支部，或上级组织',
  INVALID_CODE: '没有识别出报到码，请对准党组织的报到码重新扫描',
  NOT_PLACED: '您还没有纳入这个支部管理，请先到支部报到',
  SIGN_IN_CLOSED: '现在不在签到时间内',
  ACTIVITY_CANCELLED: '这项活动已取消',
  REPORT_FINAL: '报告已经提交，不能再修改；如需更正，请点“更正”另起新版本',
  REPORT_NOT_SUBMITTED: '报告还没有提交',
  INVALID_PAIRING: '这两名党员不能结对，请检查是否在同一支部、是否已有结对对象',
  ASSESSMENT_REQUIRED: '提交前请填写综合意见，并选择总体评价',
  ALREADY_LOST_CONTACT: '这名党员已被标记为失联，请刷新后查看',
  NOT_LOST_CONTACT: '这名党员没有失联标记，请刷新后查看',
  TRANSFER_ALREADY_OPEN: '这名党员已有一条进行中的组织关系转接',
  TRANSFER_NOT_PENDING: '这条转接已经处理过，请刷新后查看',
  TRANSFER_NOT_AGREED: '流出地党组织同意转接后，才能登记办结',
  TRANSFER_NOT_POSSIBLE: '这名党员不能在这里办理组织关系转接',
  DESK_NOT_ALLOWED: '只有党组织管理员和支部书记可以登录电脑端',
  LOGIN_EXPIRED: '这个二维码已过期，请在电脑上刷新二维码后重新扫码',
  LOGIN_USED: '这个二维码已经用过了，请在电脑上刷新二维码后重新扫码',
  DESK_LOGIN_OFF: '电脑端登录还没有开通，请联系系统管理员',
  DESK_LOGINS_LIMITED: '这台电脑所在的网络刚才申请了太多登录码，请过几分钟再刷新电脑上的页面',
  ORG_DISSOLVED: '这个党组织已撤销',
  POST_CODE_INVALID: '任职码不对或已过期，请对方在手机上重新打开“我的任职码”',
  SKILL_CARD_NOT_PENDING: '这张技能卡已审核过或已撤回，请刷新',
  HELP_ALREADY_OPEN: '您向这位党员的求助还没有结束，请在“我的求助”里查看',
  HELP_NOT_OPEN: '这条求助已处理过，请刷新',
  AGREEMENT_NOT_PENDING: '本方已经确认过这份协议，请等对方确认',
  AGREEMENT_NOT_IN_FORCE: '协议双方都确认并在有效期内，才能安排联席会议',
  NETWORK: '网络不通，请检查网络后重试',
};

export function isClientErrorCode(value: unknown): value is ClientErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

/** The words a person reads for an error: the server's where the contract says it words them, else ours. */
export function messageFor(error: ClientError): string {
  return error.worded ? error.message : ERROR_MESSAGES[error.code];
}

export function failure(
  code: ClientErrorCode,
  message: string,
  field?: string,
  worded = false,
): { ok: false; error: ClientError } {
  return { ok: false, error: { code, message, ...(field ? { field } : {}), ...(worded ? { worded: true } : {}) } };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Narrows what the function returned into the envelope (the mini-program's and the desk's). The data itself is trusted: the server
 * checks every output against its schema before it leaves.
 */
export function toCallResult<T>(value: unknown): CallResult<T> {
  if (!isRecord(value)) return failure('INTERNAL', '服务返回的内容无法识别');
  if (value.ok === true && 'data' in value) return { ok: true, data: value.data as T };
  if (value.ok === false && isRecord(value.error)) {
    const { code, message, field, worded } = value.error;
    const text = typeof message === 'string' ? message : '';
    const known = isClientErrorCode(code);
    return failure(known ? code : 'INTERNAL', text, typeof field === 'string' ? field : undefined, known && worded === true);
  }
  return failure('INTERNAL', '服务返回的内容无法识别');
}
