import { AppError } from './app-error';
import { isDeepStrictEqual } from 'node:util';
import type { ActionOutput, ParsedInput } from '../contract';
import {
  type HelpMemberView,
  type HelpResidentView,
  type PublicSkillCard,
  SHOP_CARD_SCENE_PREFIX,
  SKILL_CARD_SCENE_PREFIX,
  type SkillCardContent,
  type SkillCardReviewView,
  type SkillCardView,
} from '../contract/skill-cards';
import { maskPhone } from '../lib/pii';
import { shanghaiDate, timestamp } from '../lib/time';
import { DuplicateIdError, type StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { saveVersioned } from '../store/saving';
import { actingName, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey, callerOpenid } from './context';
import { derivedId } from './ids';
import { type MemberDoc, notPlaced, ownMemberId, placementOf, requireOwnMember } from './members';
import { together } from '../lib/together';
import { enqueueNotification } from './notifications';
import {
  findOrganization,
  orgNotFound,
  parentOfPath,
  requireActive,
  requireManagedOrganization,
  underPath,
} from './organizations';
import { findNearestPlaces } from './places';
import type { HelpRequestRecord, MemberRecord, SkillCardRecord } from './records';

/**
 * 亮身份: the member's skill card and the help residents ask through it.
 *
 * What a resident reads of a member is only what the member typed on the card (a name to be
 * called by, skills, area, times, the shop) and, for one request, the phone the member chose to
 * share; never the registered name, phone or anything of the record. A card shows only while it
 * is approved and its member is still placed in the branch that approved it. Residents are any
 * WeChat user: nothing here asks them to register, and they are known by a keyed hash of their
 * OPENID.
 */

export type SkillCardDoc = StoredDocument<SkillCardRecord>;
export type HelpRequestDoc = StoredDocument<HelpRequestRecord>;

/** The page a community's card code opens. */
export const COMMUNITY_CARDS_PAGE = 'pages/community-cards/community-cards';
/** Where the member reads their card and the requests to it. */
export const SKILL_CARD_PAGE = 'pages/skill-card/skill-card';
/** Where a resident follows their requests. */
export const MY_HELP_PAGE = 'pages/community-cards/community-cards';
/** Where a branch approves its members' cards. */
export const SKILL_CARD_REVIEW_PAGE = 'pages/skill-card-review/skill-card-review';

/** A member's confirmed services, read whole: a few a month at most. */
const CONFIRMED_LIMIT = 1000;
/** Open requests one resident has: a handful. */
const OPEN_LOOKUP_LIMIT = 50;

/** One card per member; derived, so that the id a resident reads tells nothing of the member's. */
export function skillCardIdFor(memberId: string): string {
  return derivedId('sk', `skill-card|${memberId}`);
}

export function skillCardScene(orgId: string): string {
  return `${SKILL_CARD_SCENE_PREFIX}${orgId}`;
}

/** The key a resident's requests are filed under: a keyed hash, so the lists carry no OPENID. */
export function residentKeyOf(deps: ServiceDeps, openid: string): string {
  return `r_${deps.pii.lookupHash(openid).slice(0, 24)}`;
}

function cardNotFound(field = 'cardId'): AppError {
  return new AppError('NOT_FOUND', '找不到这张技能卡', { field });
}

function helpNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条求助', { field: 'helpId' });
}

function changedMeanwhile(field = 'version'): AppError {
  return new AppError('CONFLICT', '记录刚被其他人修改，请刷新后再试', { field });
}

function contentOf(card: SkillCardRecord): SkillCardContent {
  return { displayName: card.displayName, skills: card.skills, area: card.area, times: card.times, shop: card.shop };
}

function toPublicCard(card: SkillCardDoc): PublicSkillCard {
  return { cardId: card._id, branchName: card.branchName, ...contentOf(card) };
}

function toReviewView(card: SkillCardDoc): SkillCardReviewView {
  return {
    cardId: card._id,
    member: { memberId: card.memberId, name: card.memberName },
    branchName: card.branchName,
    status: card.status,
    submittedAt: card.submittedAt,
    decidedAt: card.decidedAt,
    reason: card.reason,
    version: card.version,
    ...contentOf(card),
  };
}

/** A member's confirmed services: each one's day and hours. */
export async function confirmedServices(
  deps: ServiceDeps,
  memberId: string,
  from: string,
  to: string,
): Promise<Pick<HelpRequestRecord, 'confirmedOn' | 'hours' | 'branchId'>[]> {
  const page = await deps.store.find<HelpRequestRecord>(COLLECTIONS.helpRequests, {
    where: { memberId, status: 'confirmed', confirmedOn: { $gte: from, $lte: to } },
    orderBy: [{ field: 'confirmedOn', direction: 'asc' }],
    limit: CONFIRMED_LIMIT,
  });
  return page.items;
}

function toCardView(card: SkillCardDoc, confirmed: readonly Pick<HelpRequestRecord, 'hours'>[]): SkillCardView {
  return {
    cardId: card._id,
    status: card.status,
    branchName: card.branchName,
    consentAt: card.consentAt,
    submittedAt: card.submittedAt,
    decidedAt: card.decidedAt,
    decidedByName: card.decidedByName,
    reason: card.reason,
    servicesConfirmed: confirmed.length,
    hoursConfirmed: confirmed.reduce((sum, service) => sum + (service.hours ?? 0), 0),
    version: card.version,
    ...contentOf(card),
  };
}

const EVER = { from: '0000-01-01', to: '9999-12-31' };

// ---- the member's card ------------------------------------------------------------------

export async function mySkillCard(ctx: ServiceContext): Promise<ActionOutput<'skillCard.mine'>> {
  const { member, card, confirmed } = await ownCard(ctx);
  const placement = placementOf(member);
  return {
    card: card ? toCardView(card, confirmed) : null,
    canPublish: placement !== null,
    branchName: placement ? placement.branchName : null,
  };
}

type ConfirmedServices = Awaited<ReturnType<typeof confirmedServices>>;

/**
 * The caller's record, card and confirmed services, read together by the id the caller's record
 * has unless it moved to them (then read again by the moved record's id).
 */
async function ownCard(
  ctx: ServiceContext,
): Promise<{ member: MemberDoc; card: SkillCardDoc | null; confirmed: ConfirmedServices }> {
  const read = (memberId: string) =>
    Promise.all([
      ctx.deps.store.get<SkillCardRecord>(COLLECTIONS.skillCards, skillCardIdFor(memberId)),
      confirmedServices(ctx.deps, memberId, EVER.from, EVER.to),
    ]);
  const guessedId = ownMemberId(ctx) ?? '';
  const [member, guessed] = await together(requireOwnMember(ctx), read(guessedId));
  const [card, confirmed] = member._id === guessedId ? guessed : await read(member._id);
  return { member, card, confirmed };
}

export async function saveSkillCard(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.save'>,
): Promise<ActionOutput<'skillCard.save'>> {
  const { member, card, confirmed } = await ownCard(ctx);
  const placement = placementOf(member);
  // The branch that manages the member is the one that vouches for the card.
  if (!placement) throw notPlaced(member);
  const { consent, version, ...content } = input;
  // The same card sent again (a retried tap) stays as it stands, approval and all.
  if (
    card &&
    (card.status === 'pending' || card.status === 'approved') &&
    card.branchId === placement.branchId &&
    isDeepStrictEqual(contentOf(card), content)
  ) {
    return toCardView(card, confirmed);
  }
  if ((card?.version ?? null) !== version) throw changedMeanwhile();
  const now = timestamp(ctx.deps.clock);
  const record: SkillCardRecord = {
    memberId: member._id,
    memberName: member.name,
    ...content,
    status: 'pending',
    branchId: placement.branchId,
    branchName: placement.branchName,
    branchPath: placement.branchPath,
    communityId: parentOfPath(placement.branchPath)?.orgId ?? null,
    consentAt: now,
    submittedAt: now,
    decidedAt: null,
    decidedBy: null,
    decidedByName: null,
    reason: null,
    withdrawnAt: null,
  };
  const id = skillCardIdFor(member._id);
  // The card and the branch's message are written together, in one round trip.
  const [saved] = await ctx.deps.store.transaction((tx) =>
    Promise.all([
      saveVersioned(tx, COLLECTIONS.skillCards, id, version, record),
      enqueueNotification(tx, {
        kind: 'skill_card_waiting',
        causeId: `${id}_v${(version ?? 0) + 1}`,
        to: { kind: 'org', orgId: placement.branchId },
        fields: { subject: `${member.name}的志愿者技能卡`, detail: '有技能卡等待审核', time: now },
        page: `${SKILL_CARD_REVIEW_PAGE}?orgId=${placement.branchId}`,
        at: now,
      }),
    ]),
  );
  return toCardView(saved, confirmed);
}

export async function withdrawSkillCard(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.withdraw'>,
): Promise<ActionOutput<'skillCard.withdraw'>> {
  const { card, confirmed } = await ownCard(ctx);
  if (!card) throw cardNotFound('version');
  if (card.status === 'withdrawn') return toCardView(card, confirmed);
  if (card.version !== input.version) throw changedMeanwhile();
  const patch: Partial<SkillCardRecord> = { status: 'withdrawn', withdrawnAt: timestamp(ctx.deps.clock) };
  const saved = await saveVersioned(ctx.deps.store, COLLECTIONS.skillCards, card._id, card.version, { ...card, ...patch }, patch);
  return toCardView(saved, confirmed);
}

// ---- the branch's approval --------------------------------------------------------------

export async function pendingSkillCards(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.pending'>,
): Promise<ActionOutput<'skillCard.pending'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<SkillCardRecord>(COLLECTIONS.skillCards, {
    where: { status: 'pending', ...underPath('branchPath', org.path) },
    orderBy: [{ field: 'branchPath', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toReviewView), nextCursor: page.nextCursor };
}

export async function reviewSkillCard(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.review'>,
): Promise<ActionOutput<'skillCard.review'>> {
  const [card, access] = await Promise.all([
    ctx.deps.store.get<SkillCardRecord>(COLLECTIONS.skillCards, input.cardId),
    loadAccess(ctx),
  ]);
  if (!card || !access.manages(card.branchPath)) throw cardNotFound();
  const outcome = input.decision === 'approve' ? 'approved' : 'rejected';
  // The same decision retried by the one who made it answers with what it made.
  if (card.status === outcome && card.decidedBy === callerKey(ctx.caller) && card.version === input.version + 1) {
    return toReviewView(card);
  }
  if (card.status !== 'pending') throw new AppError('SKILL_CARD_NOT_PENDING', '这张技能卡已审核过或已撤回，请刷新');
  if (card.version !== input.version) throw changedMeanwhile();
  const patch: Partial<SkillCardRecord> = {
    status: outcome,
    decidedAt: timestamp(ctx.deps.clock),
    decidedBy: callerKey(ctx.caller),
    decidedByName: actingName(access, card.branchPath),
    reason: outcome === 'rejected' ? input.reason : null,
  };
  const saved = await saveVersioned(ctx.deps.store, COLLECTIONS.skillCards, card._id, card.version, { ...card, ...patch }, patch);
  return toReviewView(saved);
}

export async function skillCardCode(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.code'>,
): Promise<ActionOutput<'skillCard.code'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const scene = skillCardScene(org._id);
  return {
    orgName: org.name,
    scene,
    page: COMMUNITY_CARDS_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, COMMUNITY_CARDS_PAGE),
  };
}

// ---- residents --------------------------------------------------------------------------

/** Where a code or an id leads: a community's cards, or one shop's card. */
function placeOf(
  place: ParsedInput<'skillCard.community'>['place'],
): { kind: 'org'; orgId: string; field: string } | { kind: 'shop'; cardId: string; field: string } {
  if (place.orgId) return { kind: 'org', orgId: place.orgId, field: 'place.orgId' };
  const match = /^([ks])=([A-Za-z0-9_-]{1,30})$/.exec((place.scene ?? '').trim());
  if (!match) throw new AppError('INVALID_CODE', '这不是社区的志愿服务码，请换一个码再扫', { field: 'place.scene' });
  return match[1] === 'k'
    ? { kind: 'org', orgId: match[2], field: 'place.scene' }
    : { kind: 'shop', cardId: match[2], field: 'place.scene' };
}

export function shopCardScene(cardId: string): string {
  return `${SHOP_CARD_SCENE_PREFIX}${cardId}`;
}

/** The 党员经营户's code for the shop: only for an approved card with a shop, so it never leads to nothing. */
export async function shopCardCode(ctx: ServiceContext): Promise<ActionOutput<'skillCard.shopCode'>> {
  const { card } = await ownCard(ctx);
  if (!card || card.status !== 'approved' || !card.shop) {
    throw new AppError('FORBIDDEN', '技能卡填写了店铺并经支部审核通过后，才有店铺码');
  }
  const scene = shopCardScene(card._id);
  return {
    shopName: card.shop.name,
    scene,
    page: COMMUNITY_CARDS_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, COMMUNITY_CARDS_PAGE),
  };
}

/** One shop's card, by the code in the shop: listed alone, under the shop's name, while it is shown. */
async function shopCard(ctx: ServiceContext, cardId: string, field: string): Promise<ActionOutput<'skillCard.community'>> {
  const card = await ctx.deps.store.get<SkillCardRecord>(COLLECTIONS.skillCards, cardId);
  const member = card ? await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, card.memberId) : null;
  if (!card || !card.shop || !stillShown(card, member ?? undefined)) throw cardNotFound(field);
  return { by: 'shop', orgId: card.branchId, orgName: card.shop.name, cards: [toPublicCard(card)], nextCursor: null };
}

/** Whether the card's member is still placed in the branch that approved it (else it shows nowhere). */
function stillShown(card: SkillCardRecord, member: MemberRecord | undefined): boolean {
  return card.status === 'approved' && member !== undefined && placementOf(member)?.branchId === card.branchId;
}

export async function communitySkillCards(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.community'>,
): Promise<ActionOutput<'skillCard.community'>> {
  const place = placeOf(input.place);
  if (place.kind === 'shop') return shopCard(ctx, place.cardId, place.field);
  const { orgId, field } = place;
  const org = await findOrganization(ctx.deps, orgId);
  if (!org) throw orgNotFound(field);
  requireActive(org, field);
  const page = await ctx.deps.store.find<SkillCardRecord>(COLLECTIONS.skillCards, {
    where: { status: 'approved', ...underPath('branchPath', org.path) },
    orderBy: [{ field: 'branchPath', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  const memberIds = page.items.map((card) => card.memberId);
  const members =
    memberIds.length === 0
      ? []
      : (
          await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
            where: { _id: { $in: memberIds } },
            limit: memberIds.length,
          })
        ).items;
  const byId = new Map(members.map((member) => [member._id, member]));
  return {
    by: 'community',
    orgId: org._id,
    orgName: org.name,
    cards: page.items.filter((card) => stillShown(card, byId.get(card.memberId))).map(toPublicCard),
    nextCursor: page.nextCursor,
  };
}

/** Cards read near a resident: the approved cards of a few communities. */
const NEARBY_CARD_LIMIT = 200;

/**
 * The cards near a resident: the organizations nearest the point (through the places' own
 * nearest-first query), nearest first, each with the approved cards of its own branch or of the
 * branches directly below it (a community committee and its branches). A card is listed once, at
 * the nearest organization that holds it; organizations holding none are left out. The point is
 * used for this search only and stored nowhere.
 */
export async function nearbySkillCards(
  ctx: ServiceContext,
  input: ParsedInput<'skillCard.nearby'>,
): Promise<ActionOutput<'skillCard.nearby'>> {
  const nearest = await findNearestPlaces(ctx.deps, input.point, { limit: input.limit * 2, kind: 'organization' });
  const orgIds = [...new Set(nearest.items.map((place) => place.organization.orgId))];
  if (orgIds.length === 0) return { communities: [] };
  const cards = await ctx.deps.store.find<SkillCardRecord>(COLLECTIONS.skillCards, {
    where: {
      status: 'approved',
      $or: [{ branchId: { $in: orgIds } }, { communityId: { $in: orgIds } }],
    },
    limit: NEARBY_CARD_LIMIT,
  });
  const memberIds = [...new Set(cards.items.map((card) => card.memberId))];
  const members =
    memberIds.length === 0
      ? []
      : (
          await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
            where: { _id: { $in: memberIds } },
            limit: memberIds.length,
          })
        ).items;
  const byId = new Map(members.map((member) => [member._id, member]));
  const shown = cards.items.filter((card) => stillShown(card, byId.get(card.memberId)));
  const listed = new Set<string>();
  const communities: ActionOutput<'skillCard.nearby'>['communities'] = [];
  for (const place of nearest.items) {
    const orgId = place.organization.orgId;
    const here = shown.filter((card) => !listed.has(card._id) && (card.branchId === orgId || card.communityId === orgId));
    if (here.length === 0) continue;
    here.forEach((card) => listed.add(card._id));
    communities.push({
      orgId,
      orgName: place.organization.name,
      distanceMetres: place.distanceMetres ?? 0,
      // By the name residents call them, so the list reads the same every time.
      cards: here.map(toPublicCard).sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN')),
    });
    if (communities.length >= input.limit) break;
  }
  return { communities };
}

function isOpen(status: HelpRequestRecord['status']): boolean {
  return status === 'waiting' || status === 'accepted';
}

function toResidentView(deps: ServiceDeps, help: HelpRequestDoc): HelpResidentView {
  return {
    helpId: help._id,
    status: help.status,
    card: { cardId: help.cardId, displayName: help.displayName, skills: help.skills, branchName: help.branchName },
    need: help.need,
    place: help.place,
    when: help.when,
    askedAt: help.askedAt,
    answeredAt: help.answeredAt,
    declineReason: help.declineReason,
    // Shared for this request by the member's choice, and only while the service is arranged.
    memberPhone: help.status === 'accepted' && help.memberPhoneEnc ? deps.pii.decrypt(help.memberPhoneEnc) : null,
    hours: help.hours,
    confirmedAt: help.confirmedAt,
    canCancel: isOpen(help.status),
    canConfirm: help.status === 'accepted',
    version: help.version,
  };
}

function toMemberHelpView(deps: ServiceDeps, help: HelpRequestDoc): HelpMemberView {
  const phone = deps.pii.decrypt(help.residentPhoneEnc);
  return {
    helpId: help._id,
    status: help.status,
    residentName: help.residentName,
    // In full once the member has taken the request on: that is what the resident left it for.
    residentPhone: help.status === 'accepted' || help.status === 'confirmed' ? phone : maskPhone(phone),
    need: help.need,
    place: help.place,
    when: help.when,
    askedAt: help.askedAt,
    answeredAt: help.answeredAt,
    declineReason: help.declineReason,
    phoneShared: help.memberPhoneEnc !== null,
    hours: help.hours,
    confirmedAt: help.confirmedAt,
    canAnswer: help.status === 'waiting',
    version: help.version,
  };
}

/** The resident behind a mini-program caller; a desk session asks nobody for help. */
function residentOpenid(ctx: ServiceContext): string {
  const openid = callerOpenid(ctx.caller);
  if (!openid) throw new AppError('FORBIDDEN', '请在微信中打开小程序求助');
  return openid;
}

export async function askForHelp(ctx: ServiceContext, input: ParsedInput<'help.ask'>): Promise<ActionOutput<'help.ask'>> {
  const openid = residentOpenid(ctx);
  const residentKey = residentKeyOf(ctx.deps, openid);
  const helpId = derivedId('hp', `${residentKey}|${input.requestId}`);
  const [already, card, open] = await Promise.all([
    ctx.deps.store.get<HelpRequestRecord>(COLLECTIONS.helpRequests, helpId),
    ctx.deps.store.get<SkillCardRecord>(COLLECTIONS.skillCards, input.cardId),
    ctx.deps.store.find<HelpRequestRecord>(COLLECTIONS.helpRequests, {
      where: { residentKey, status: { $in: ['waiting', 'accepted'] } },
      orderBy: [{ field: 'askedAt', direction: 'desc' }],
      limit: OPEN_LOOKUP_LIMIT,
    }),
  ]);
  // A retried request answers with the first one, whatever happened since.
  if (already) return toResidentView(ctx.deps, already);
  if (!card || card.status !== 'approved') throw cardNotFound();
  const member = await ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, card.memberId);
  if (!member || !stillShown(card, member)) throw cardNotFound();
  if (member.openid === openid) throw new AppError('FORBIDDEN', '这是您自己的技能卡，不能向自己求助', { field: 'cardId' });
  if (open.items.some((help) => help.cardId === card._id)) {
    throw new AppError('HELP_ALREADY_OPEN', '您向这位党员的求助还没有结束，请在“我的求助”里查看', { field: 'cardId' });
  }
  const now = timestamp(ctx.deps.clock);
  const record: HelpRequestRecord = {
    cardId: card._id,
    memberId: card.memberId,
    memberOpenid: member.openid,
    displayName: card.displayName,
    skills: card.skills,
    branchId: card.branchId,
    branchName: card.branchName,
    branchPath: card.branchPath,
    residentKey,
    residentOpenid: openid,
    residentName: input.residentName,
    residentPhoneEnc: ctx.deps.pii.encrypt(input.residentPhone),
    need: input.need,
    place: input.place,
    when: input.when,
    status: 'waiting',
    askedAt: now,
    answeredAt: null,
    declineReason: null,
    memberPhoneEnc: null,
    hours: null,
    confirmedAt: null,
    confirmedOn: null,
  };
  try {
    // The request and the member's message are written together, in one round trip.
    const [saved] = await ctx.deps.store.transaction((tx) =>
      Promise.all([
        tx.insert<HelpRequestRecord>(COLLECTIONS.helpRequests, { _id: helpId, ...record }),
        enqueueNotification(tx, {
          kind: 'help_requested',
          causeId: helpId,
          to: { kind: 'user', openid: member.openid },
          fields: { subject: `${input.residentName}请您帮忙`, detail: input.need, time: now },
          page: SKILL_CARD_PAGE,
          at: now,
        }),
      ]),
    );
    return toResidentView(ctx.deps, saved);
  } catch (error) {
    // A twin of this request got in first (a double tap): it is the answer.
    if (!(error instanceof DuplicateIdError)) throw error;
    const twin = await ctx.deps.store.get<HelpRequestRecord>(COLLECTIONS.helpRequests, helpId);
    if (!twin) throw error;
    return toResidentView(ctx.deps, twin);
  }
}

export async function myHelpRequests(ctx: ServiceContext, input: ParsedInput<'help.mine'>): Promise<ActionOutput<'help.mine'>> {
  const residentKey = residentKeyOf(ctx.deps, residentOpenid(ctx));
  const page = await ctx.deps.store.find<HelpRequestRecord>(COLLECTIONS.helpRequests, {
    where: { residentKey },
    orderBy: [{ field: 'askedAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map((help) => toResidentView(ctx.deps, help)), nextCursor: page.nextCursor };
}

/** The caller's own request as the resident who asked; anyone else's answers as missing. */
async function residentsRequest(ctx: ServiceContext, helpId: string): Promise<HelpRequestDoc> {
  const residentKey = residentKeyOf(ctx.deps, residentOpenid(ctx));
  const help = await ctx.deps.store.get<HelpRequestRecord>(COLLECTIONS.helpRequests, helpId);
  if (!help || help.residentKey !== residentKey) throw helpNotFound();
  return help;
}

function notOpen(): AppError {
  return new AppError('HELP_NOT_OPEN', '这条求助已处理过，请刷新');
}

async function saveHelp(deps: ServiceDeps, help: HelpRequestDoc, patch: Partial<HelpRequestRecord>): Promise<HelpRequestDoc> {
  return saveVersioned(deps.store, COLLECTIONS.helpRequests, help._id, help.version, { ...help, ...patch }, patch);
}

export async function cancelHelp(ctx: ServiceContext, input: ParsedInput<'help.cancel'>): Promise<ActionOutput<'help.cancel'>> {
  const help = await residentsRequest(ctx, input.helpId);
  if (help.status === 'cancelled') return toResidentView(ctx.deps, help);
  if (!isOpen(help.status)) throw notOpen();
  if (help.version !== input.version) throw changedMeanwhile();
  return toResidentView(ctx.deps, await saveHelp(ctx.deps, help, { status: 'cancelled', memberPhoneEnc: null }));
}

export async function confirmHelp(
  ctx: ServiceContext,
  input: ParsedInput<'help.confirm'>,
): Promise<ActionOutput<'help.confirm'>> {
  const help = await residentsRequest(ctx, input.helpId);
  if (help.status === 'confirmed' && help.hours === input.hours) return toResidentView(ctx.deps, help);
  if (help.status !== 'accepted') throw notOpen();
  if (help.version !== input.version) throw changedMeanwhile();
  const patch: Partial<HelpRequestRecord> = {
    status: 'confirmed',
    hours: input.hours,
    confirmedAt: timestamp(ctx.deps.clock),
    confirmedOn: shanghaiDate(ctx.deps.clock),
  };
  return toResidentView(ctx.deps, await saveHelp(ctx.deps, help, patch));
}

// ---- the member asked -------------------------------------------------------------------

export async function incomingHelp(
  ctx: ServiceContext,
  input: ParsedInput<'help.incoming'>,
): Promise<ActionOutput<'help.incoming'>> {
  const read = (memberId: string) =>
    ctx.deps.store.find<HelpRequestRecord>(COLLECTIONS.helpRequests, {
      where: { memberId },
      orderBy: [{ field: 'askedAt', direction: 'desc' }],
      limit: input.limit,
      cursor: input.cursor,
    });
  // Read together with the caller's record by the id it has unless it moved to them.
  const guessedId = ownMemberId(ctx) ?? '';
  const [member, guessed] = await together(requireOwnMember(ctx), read(guessedId));
  const page = member._id === guessedId ? guessed : await read(member._id);
  return { items: page.items.map((help) => toMemberHelpView(ctx.deps, help)), nextCursor: page.nextCursor };
}

export async function answerHelp(ctx: ServiceContext, input: ParsedInput<'help.answer'>): Promise<ActionOutput<'help.answer'>> {
  const [member, help] = await together(
    requireOwnMember(ctx),
    ctx.deps.store.get<HelpRequestRecord>(COLLECTIONS.helpRequests, input.helpId),
  );
  if (!help || help.memberId !== member._id) throw helpNotFound();
  const outcome = input.decision === 'accept' ? 'accepted' : 'declined';
  if (help.status === outcome && help.version === input.version + 1) return toMemberHelpView(ctx.deps, help);
  if (help.status !== 'waiting') throw notOpen();
  if (help.version !== input.version) throw changedMeanwhile();
  const now = timestamp(ctx.deps.clock);
  const patch: Partial<HelpRequestRecord> = {
    status: outcome,
    answeredAt: now,
    declineReason: outcome === 'declined' && input.reason ? input.reason : null,
    memberPhoneEnc: outcome === 'accepted' && input.sharePhone ? member.phoneEnc : null,
  };
  // The answer and the resident's message are written together, in one round trip.
  const [saved] = await ctx.deps.store.transaction((tx) =>
    Promise.all([
      saveVersioned(tx, COLLECTIONS.helpRequests, help._id, help.version, { ...help, ...patch }, patch),
      enqueueNotification(tx, {
        kind: 'help_answered',
        causeId: help._id,
        to: { kind: 'user', openid: help.residentOpenid },
        fields: {
          subject: `${help.displayName}：${help.skills.join('、')}`,
          detail: outcome === 'accepted' ? '已接受您的求助，会与您联系' : '这次无法帮忙，请另找其他志愿者',
          time: now,
        },
        page: MY_HELP_PAGE,
        at: now,
      }),
    ]),
  );
  return toMemberHelpView(ctx.deps, saved);
}
