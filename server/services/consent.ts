import { AppError } from './app-error';
import { type ActionOutput, type ParsedInput } from '../contract';
import { timestamp } from '../lib/time';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet } from '../store/saving';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import type { ConsentRecord } from './records';

/**
 * The personal-information notice a member agrees to before anything is collected
 * (PIPL art. 17 and 29: purpose, scope, storage, rights; separate consent for sensitive data).
 * Changing the text means a new version: members are asked again.
 */
export const CONSENT_NOTICE: ActionOutput<'consent.notice'> = {
  version: '2026-11-v1',
  title: '个人信息收集告知书',
  sections: [
    {
      heading: '为什么收集',
      body: '为了让您在现居住地找到党组织、参加组织生活，并让您的家乡党组织（流出地党组织）了解您的去向和情况，实行流入地、流出地双向共同管理。',
    },
    {
      heading: '收集哪些信息',
      body: '姓名、性别、手机号、身份证号、党员身份及入党时间、所属流出地党组织、外出时间和原因、现居住地址、工作单位、职业和作息情况、个人技能。其中身份证号、手机号、居住地址属于敏感个人信息。',
    },
    {
      heading: '谁能看到',
      body: '您本人；您报到的党支部书记及其上级党组织管理员；您的流出地党组织（只能看到隐去部分号码的信息）。完整的身份证号、手机号、住址只在必要时查看，每一次查看都会留下记录。',
    },
    {
      heading: '怎样保护',
      body: '敏感个人信息加密保存，列表中只显示部分号码。信息只用于党员教育管理，不用于其他目的，不向无关人员提供。',
    },
    {
      heading: '您的权利',
      body: '您可以随时在“我的档案”中查看和更正自己的信息。如有疑问，可以联系您报到的党支部书记。',
    },
  ],
};

function consentId(deps: ServiceDeps, openid: string, version: string): string {
  return `consent_${deps.pii.lookupHash(openid).slice(0, 24)}_${version}`;
}

/** The account's agreement to the current notice, or null. */
export async function currentAgreement(deps: ServiceDeps, openid: string): Promise<ConsentRecord | null> {
  return deps.store.get<ConsentRecord>(COLLECTIONS.consents, consentId(deps, openid, CONSENT_NOTICE.version));
}

/** The version of the current notice the caller agreed to, or null. */
export async function agreedVersion(ctx: ServiceContext): Promise<string | null> {
  const record = await currentAgreement(ctx.deps, callerKey(ctx.caller));
  return record ? record.noticeVersion : null;
}

export async function requireCurrentConsent(ctx: ServiceContext): Promise<void> {
  if ((await agreedVersion(ctx)) === null) {
    throw new AppError('CONSENT_REQUIRED', '请先阅读并同意个人信息收集告知书');
  }
}

export async function getNotice(): Promise<ActionOutput<'consent.notice'>> {
  return CONSENT_NOTICE;
}

export async function acceptNotice(
  ctx: ServiceContext,
  input: ParsedInput<'consent.accept'>,
): Promise<ActionOutput<'consent.accept'>> {
  if (input.version !== CONSENT_NOTICE.version) {
    throw new AppError('CONFLICT', '告知书已更新，请重新阅读后再同意', { field: 'version' });
  }
  const id = consentId(ctx.deps, callerKey(ctx.caller), input.version);
  const record: ConsentRecord = {
    openid: callerKey(ctx.caller),
    noticeVersion: input.version,
    agreedAt: timestamp(ctx.deps.clock),
  };
  // Agreeing again keeps the first agreement's time: that is when consent was given.
  const { doc } = await insertOrGet<ConsentRecord>(ctx.deps.store, COLLECTIONS.consents, { _id: id, ...record });
  return { version: doc.noticeVersion, agreedAt: doc.agreedAt };
}
