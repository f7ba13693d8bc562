import { z } from 'zod';
import {
  branchKindSchema,
  geoPointSchema,
  idSchema,
  optionalText,
  orgRefSchema,
  regionSchema,
  requestIdSchema,
  text,
} from './schemas';

/**
 * Places on the map: where an organization is, and the party-service centres (党群服务中心,
 * 红色驿站) organizations run; the city-wide 归队码 that lists the nearest of them.
 *
 * A centre is a record of its own, not an attribute of an organization: it is a room people walk
 * into, with its own name, door, hours and phone, while the organization is a body in the tree
 * (with members, posts and check-ins) that may run several centres (a street committee runs its
 * 党群服务中心 and the 红色驿站 at the station) or none. A member who taps 报到 at a centre checks in
 * to the organization that runs it. An organization's own place holds its point and hours; its
 * address and contact stay on the organization (org.update edits the same two fields).
 */

export const PLACE_KINDS = ['organization', 'service_centre'] as const;
export const placeKindSchema = z.enum(PLACE_KINDS);
export type PlaceKind = z.infer<typeof placeKindSchema>;

/** 党群服务中心, 红色驿站. */
export const CENTRE_KINDS = ['party_service_centre', 'red_station'] as const;
export const centreKindSchema = z.enum(CENTRE_KINDS);
export type CentreKind = z.infer<typeof centreKindSchema>;

/** The page a 归队码 opens; it reads `decodeURIComponent(options.scene)`, `g=<posterId>`. */
export const NEARBY_PAGE = 'pages/nearby/nearby';
export const POSTER_SCENE_PREFIX = 'g=';

/** Opening hours as people write them on the door: 周一至周五 9:00—17:30，周六上午. */
const hoursText = optionalText(60);
/** A phone number or a name and a number, as on the door. */
const contactText = optionalText(60);

export const placeViewSchema = z.object({
  placeId: z.string(),
  kind: placeKindSchema,
  /** Null for an organization's own place. */
  centreKind: centreKindSchema.nullable(),
  name: z.string(),
  /** The organization whose place it is, or which runs the centre. */
  organization: orgRefSchema,
  branchKind: branchKindSchema.nullable(),
  region: regionSchema,
  address: z.string(),
  point: geoPointSchema,
  hours: z.string(),
  contact: z.string(),
  /** Where a one-tap 报到 goes: the organization's own check-in (checkin.resolveCode with this scene). */
  checkinScene: z.string(),
  version: z.number(),
});
export type PlaceView = z.infer<typeof placeViewSchema>;

export const nearbyPlaceSchema = placeViewSchema.extend({
  /** Metres from the member's point; null when listed by district. */
  distanceMetres: z.number().nullable(),
});
export type NearbyPlace = z.infer<typeof nearbyPlaceSchema>;

export const posterViewSchema = z.object({
  posterId: z.string(),
  /** Where the poster hangs: 苏州站北广场. */
  label: z.string(),
  region: regionSchema,
  organization: orgRefSchema,
});
export type PosterView = z.infer<typeof posterViewSchema>;

const versionOrNew = z.number().int().positive().nullable();

export const PLACE_ACTIONS = {
  'place.ofOrg': {
    summary: '一个党组织的位置和它管理的党群服务中心、红色驿站（本组织或上级的管理员、书记可看；管理员可改）',
    input: z.object({ orgId: idSchema }),
    output: z.object({
      organization: orgRefSchema.extend({ address: z.string(), contact: z.string(), region: regionSchema }),
      location: placeViewSchema.nullable(),
      centres: z.array(placeViewSchema),
      canEdit: z.boolean(),
    }),
  },
  'place.setLocation': {
    summary: '管理员设置本组织在地图上的位置、地址、开放时间和联系电话（地址和电话也是组织资料里的那两项）',
    input: z.object({
      orgId: idSchema,
      point: geoPointSchema,
      address: text(80),
      hours: hoursText,
      contact: contactText,
      /** The place's version as read; null when it has none yet. */
      version: versionOrNew,
    }),
    output: placeViewSchema,
  },
  'place.saveCentre': {
    summary: '管理员新建或修改本组织管理的党群服务中心、红色驿站（新建带请求编号，重试不重复）',
    input: z.object({
      orgId: idSchema,
      /** Null to make a new one (then `requestId` names the request). */
      centreId: idSchema.nullable(),
      requestId: requestIdSchema,
      centreKind: centreKindSchema,
      name: text(40),
      /** The district it is in; the organization's when absent. */
      region: regionSchema.nullish(),
      address: text(80),
      point: geoPointSchema,
      hours: hoursText,
      contact: contactText,
      version: versionOrNew,
    }),
    output: placeViewSchema,
  },
  'place.removeCentre': {
    summary: '管理员撤下一个党群服务中心或红色驿站（不再出现在附近的列表里）',
    input: z.object({ centreId: idSchema, version: z.number().int().positive() }),
    output: z.object({ centreId: z.string(), removed: z.literal(true) }),
  },
  'place.nearby': {
    summary: '归队码页面：离我最近的党组织和党群服务中心（带距离、开放时间；有位置时按距离，由近到远；没有位置时按区县列出）',
    input: z
      .object({
        point: geoPointSchema.nullish(),
        region: regionSchema.nullish(),
        limit: z.number().int().min(1).max(30).default(10),
      })
      .refine((input) => Boolean(input.point || input.region), { message: '请允许使用位置，或选择区县', path: ['region'] }),
    output: z.object({
      by: z.enum(['distance', 'district']),
      items: z.array(nearbyPlaceSchema),
      /** With a point: every place this near is on the list (farther ones may be missing). */
      completeWithinMetres: z.number().nullable(),
    }),
  },
  'place.posterCode': {
    summary: '管理员为车站、劳务市场、服务大厅的海报生成归队码（同一组织同一地点的码相同）',
    input: z.object({ orgId: idSchema, label: text(30), region: regionSchema.nullish() }),
    output: z.object({ poster: posterViewSchema, scene: z.string(), page: z.string(), imageDataUrl: z.string() }),
  },
  'place.resolvePoster': {
    summary: '扫归队码后：海报在哪里（哪个城市、区县），页面据此按区县列出',
    input: z.object({ scene: z.string().min(1).max(64) }),
    output: posterViewSchema,
  },
} as const;
