/**
 * The closed set of error codes an action can answer with. A screen maps each code to a
 * Chinese message (`miniprogram/services/error-messages.ts`); adding a code here without a
 * message there fails to compile.
 */
export const ERROR_CODES = {
  /** The input failed its schema; `field` names the first wrong field. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** No caller identity reached the function. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller may see the record but may not do this to it (e.g. the outflow side writing the inflow side's report). */
  FORBIDDEN: 'FORBIDDEN',
  /**
   * The record does not exist, or the caller may not see it: both answer alike, byte for byte, before
   * any other check, so ids cannot be probed (an organization's own business counts as the
   * organization's, for whoever does not manage it).
   */
  NOT_FOUND: 'NOT_FOUND',
  /** Somebody else changed the record first; reload and try again. */
  CONFLICT: 'CONFLICT',
  /** A bug or an outage on our side. */
  INTERNAL: 'INTERNAL',
  /** The action name is not one the API knows. */
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  /** The member has not agreed to the current personal-information notice. */
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  /** The caller has no member profile yet. */
  NOT_REGISTERED: 'NOT_REGISTERED',
  /** This WeChat account already has a member profile. */
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  /** The ID-card number is registered to another account (whose is not said). */
  ID_CARD_TAKEN: 'ID_CARD_TAKEN',
  /**
   * This account has asked about too many different ID numbers today (refused registrations and
   * move requests); it may try again tomorrow or ask its party organization.
   */
  ID_LOOKUPS_LIMITED: 'ID_LOOKUPS_LIMITED',
  /** This account's record was moved to another WeChat account; it cannot register again. */
  ACCOUNT_MOVED: 'ACCOUNT_MOVED',
  /** The request to move a record was already confirmed or rejected. */
  MOVE_NOT_PENDING: 'MOVE_NOT_PENDING',
  /**
   * The record changed hands since the move was asked for, or the new account has a record of
   * its own: the request can only be rejected.
   */
  MOVE_STALE: 'MOVE_STALE',
  /** The member already has an open check-in request. */
  CHECKIN_ALREADY_OPEN: 'CHECKIN_ALREADY_OPEN',
  /** The member is already placed in an inflow branch. */
  ALREADY_PLACED: 'ALREADY_PLACED',
  /** The check-in request was already decided or withdrawn. */
  CHECKIN_NOT_PENDING: 'CHECKIN_NOT_PENDING',
  /** The organization is not a branch, and the action needs one (placement, a branch's roster or life). */
  NOT_A_BRANCH: 'NOT_A_BRANCH',
  /** The branch chosen on approval is outside the decider's scope, or not below the committee asked. */
  INVALID_PLACEMENT: 'INVALID_PLACEMENT',
  /** A check-in request may be forwarded only to a branch beside its organization or up to the parent. */
  INVALID_FORWARD: 'INVALID_FORWARD',
  /** The check-in code could not be read. */
  INVALID_CODE: 'INVALID_CODE',
  /** The member is not placed in the branch this concerns (sign-in, study, pairing). */
  NOT_PLACED: 'NOT_PLACED',
  /** A sign-in outside the activity's sign-in window; the message says when it opens or closed. */
  SIGN_IN_CLOSED: 'SIGN_IN_CLOSED',
  /** The activity was cancelled. */
  ACTIVITY_CANCELLED: 'ACTIVITY_CANCELLED',
  /** The report was submitted and is final; a change needs a correction (a new version). */
  REPORT_FINAL: 'REPORT_FINAL',
  /** The report is still a draft: it cannot be corrected or acknowledged yet. */
  REPORT_NOT_SUBMITTED: 'REPORT_NOT_SUBMITTED',
  /** A report is submitted without what must go home: `field` is `assessment.grade` or `assessment.comment`. */
  ASSESSMENT_REQUIRED: 'ASSESSMENT_REQUIRED',
  /** The two members cannot be paired (not in one branch, the same person, or already paired). */
  INVALID_PAIRING: 'INVALID_PAIRING',
  /** The member is already marked 失联 (by someone else, or with another date or reason). */
  ALREADY_LOST_CONTACT: 'ALREADY_LOST_CONTACT',
  /** "Found again" for a member who is not marked 失联. */
  NOT_LOST_CONTACT: 'NOT_LOST_CONTACT',
  /** The member already has a transfer under way. */
  TRANSFER_ALREADY_OPEN: 'TRANSFER_ALREADY_OPEN',
  /** The transfer was already decided (agreed or refused). */
  TRANSFER_NOT_PENDING: 'TRANSFER_NOT_PENDING',
  /** Completion recorded before the outflow side agreed, or after it was refused or completed. */
  TRANSFER_NOT_AGREED: 'TRANSFER_NOT_AGREED',
  /** The member cannot be transferred from here: the outflow organization is not on the system, or they are already transferred. */
  TRANSFER_NOT_POSSIBLE: 'TRANSFER_NOT_POSSIBLE',
  /** Only an organization admin, a branch secretary or a system admin may sign a desk in. */
  DESK_NOT_ALLOWED: 'DESK_NOT_ALLOWED',
  /** The desk's sign-in code is past its minutes: the desk shows a new one. */
  LOGIN_EXPIRED: 'LOGIN_EXPIRED',
  /** The desk's sign-in code was already answered (by another phone, or the other way). */
  LOGIN_USED: 'LOGIN_USED',
  /** Signing in at the desk is not set up in this environment (no custom-login key). */
  DESK_LOGIN_OFF: 'DESK_LOGIN_OFF',
  /** This network address asked for many sign-in codes in the last minutes: the desk waits and asks again. */
  DESK_LOGINS_LIMITED: 'DESK_LOGINS_LIMITED',
  /** The organization was dissolved: it takes no check-ins, posts or new organizations; the message names its successor. */
  ORG_DISSOLVED: 'ORG_DISSOLVED',
  /** The personal code was not issued, has expired, or was used already. */
  POST_CODE_INVALID: 'POST_CODE_INVALID',
  /** The skill card was already decided, withdrawn or changed since it was read. */
  SKILL_CARD_NOT_PENDING: 'SKILL_CARD_NOT_PENDING',
  /** The resident already has a request to this card that is not finished. */
  HELP_ALREADY_OPEN: 'HELP_ALREADY_OPEN',
  /** The request is past this step (answered, cancelled or confirmed already). */
  HELP_NOT_OPEN: 'HELP_NOT_OPEN',
  /** The caller's side has confirmed the agreement's current terms already; the other side has to. */
  AGREEMENT_NOT_PENDING: 'AGREEMENT_NOT_PENDING',
  /** Joint meetings are held under an agreement both sides confirmed, within its term. */
  AGREEMENT_NOT_IN_FORCE: 'AGREEMENT_NOT_IN_FORCE',
  /** The service request was already taken by someone (it can still be answered, handed on or closed). */
  SERVICE_ALREADY_TAKEN: 'SERVICE_ALREADY_TAKEN',
  /** The service request is closed: nothing more is done to it. */
  SERVICE_CLOSED: 'SERVICE_CLOSED',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The codes whose server message is written for the person reading it, because it says more
 * than a screen's own words could: which field is wrong and why (BAD_REQUEST), which branch the
 * open request is with, when sign-in opens, who is paired with whom.
 * The server marks such an error `worded` (when its message is in Chinese: a schema's default
 * English message is not); a screen shows a worded message as it is, and its own words for any
 * other. This list is the one place that decides it.
 */
export const SERVER_WORDED_CODES: readonly ErrorCode[] = [
  'BAD_REQUEST',
  'ALREADY_PLACED',
  'CHECKIN_ALREADY_OPEN',
  'INVALID_CODE',
  'INVALID_PLACEMENT',
  'INVALID_FORWARD',
  'ALREADY_REGISTERED',
  'NOT_PLACED',
  'SIGN_IN_CLOSED',
  'ACTIVITY_CANCELLED',
  'INVALID_PAIRING',
  'MOVE_STALE',
  // Who marked the member 失联 and when; why a transfer cannot be made here.
  'ALREADY_LOST_CONTACT',
  'TRANSFER_NOT_POSSIBLE',
  // Which organization carries on for the dissolved one.
  'ORG_DISSOLVED',
];

const CHINESE = /[\u4e00-\u9fa5]/;

/** Whether an error with this code and message is shown to the user in the server's words. */
export function isServerWorded(code: ErrorCode, message: string): boolean {
  return SERVER_WORDED_CODES.includes(code) && CHINESE.test(message);
}

/** The error half of every action result, as it crosses the wire. */
export interface ActionError {
  code: ErrorCode;
  message: string;
  /** Dotted path of the input field that is wrong, when one is. */
  field?: string;
  /** The message is for the person reading it: show it as it is ({@link SERVER_WORDED_CODES}). */
  worded?: true;
}

/** Every function result: `{ ok: true, data }` or `{ ok: false, error }`. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
