import type { ActionInput } from '../contract';
import type { DemoActor, DemoPhase } from './demo-data';

/**
 * Where the demo's organizations are, and the 归队码 poster at 苏州站: the organizations of 姑苏区
 * at real-looking points of the old town (GCJ-02, as WeChat's map gives them), the centres they
 * run (the community's 党群服务中心, the red stations at the station and the labour market), the
 * hometown side's village, and the poster a member scans on arrival. Safe to repeat: a location
 * saved again as it was answers as the first save, a centre has its request id, a poster its label.
 */

export interface PlacesDemoOrgs {
  szCommittee: string;
  community: string;
  xinqiao1: string;
  xinqiao3: string;
  jingjiangBranch: string;
  freight: string;
  village: string;
}

export interface PlacesDemoPeople {
  /** Admin of 姑苏区委: everything in 姑苏区. */
  suzhouAdmin: string;
  /** Admin of 靖江市委: the village. */
  outflowAdmin: string;
}

/** 苏州站北广场, where the poster hangs. */
export const DEMO_STATION = { latitude: 31.330284, longitude: 120.610591 };
export const DEMO_POSTER_LABEL = '苏州站北广场';

type Location = Omit<ActionInput<'place.setLocation'>, 'orgId' | 'version'>;
type Centre = Omit<ActionInput<'place.saveCentre'>, 'orgId' | 'centreId' | 'version'>;

export async function seedPlaces(
  act: DemoActor,
  phase: DemoPhase,
  orgs: PlacesDemoOrgs,
  people: PlacesDemoPeople,
  at: Date,
): Promise<void> {
  await phase('places on the map and the 归队码 at the station', async () => {
    const locations: [string, string, Location][] = [
      [
        people.suzhouAdmin,
        orgs.szCommittee,
        {
          point: { latitude: 31.299356, longitude: 120.593582 },
          address: '姑苏区三香路 1209 号',
          hours: '周一至周五 8:30—12:00，13:30—17:30',
          contact: '0512-68723000',
        },
      ],
      [
        people.suzhouAdmin,
        orgs.community,
        {
          point: { latitude: 31.320861, longitude: 120.628213 },
          address: '平江街道新桥路 18 号',
          hours: '周一至周六 9:00—17:30',
          contact: '0512-65236688',
        },
      ],
      [
        people.suzhouAdmin,
        orgs.xinqiao1,
        {
          point: { latitude: 31.319874, longitude: 120.629402 },
          address: '平江街道新桥路 26 号社区活动室',
          hours: '每周三、周六 9:00—11:30',
          contact: '李书记 13812345678',
        },
      ],
      [
        people.suzhouAdmin,
        orgs.xinqiao3,
        {
          point: { latitude: 31.322715, longitude: 120.633571 },
          address: '平江街道大儒巷 40 号',
          hours: '每周六 9:00—11:30',
          contact: '',
        },
      ],
      [
        people.suzhouAdmin,
        orgs.jingjiangBranch,
        {
          point: { latitude: 31.294185, longitude: 120.641937 },
          address: '双塔街道十全街 288 号靖江商会三楼',
          hours: '周一至周五 9:00—17:00',
          contact: '张书记 13962112233',
        },
      ],
      [
        people.suzhouAdmin,
        orgs.freight,
        {
          point: { latitude: 31.337652, longitude: 120.596148 },
          address: '金阊街道西环路 3066 号物流园 2 号楼',
          hours: '周一至周六 8:00—18:00',
          contact: '0512-65587700',
        },
      ],
      [
        people.outflowAdmin,
        orgs.village,
        {
          point: { latitude: 32.001943, longitude: 120.352716 },
          address: '靖江市新港园区新港村村委会',
          hours: '周一至周五 8:30—17:00',
          contact: '0523-84561234',
        },
      ],
    ];
    for (const [openid, orgId, location] of locations) {
      await act(openid, 'place.setLocation', { orgId, ...location, version: null }, at);
    }

    const centres: [string, Centre][] = [
      [
        orgs.szCommittee,
        {
          requestId: 'demo-centre-station',
          centreKind: 'red_station',
          name: '苏州站红色驿站',
          point: DEMO_STATION,
          address: '苏州火车站北广场东侧服务中心一楼',
          hours: '每天 7:00—21:00',
          contact: '0512-67530110',
        },
      ],
      [
        orgs.szCommittee,
        {
          requestId: 'demo-centre-labour-market',
          centreKind: 'red_station',
          name: '人力资源市场红色驿站',
          point: { latitude: 31.308524, longitude: 120.601033 },
          address: '姑苏区劳动路 255 号人力资源市场一楼',
          hours: '周一至周六 8:30—17:00',
          contact: '0512-68254321',
        },
      ],
      [
        orgs.community,
        {
          requestId: 'demo-centre-xinqiao',
          centreKind: 'party_service_centre',
          name: '新桥社区党群服务中心',
          point: { latitude: 31.320512, longitude: 120.627684 },
          address: '平江街道新桥路 20 号',
          hours: '周一至周日 8:30—20:30',
          contact: '0512-65236699',
        },
      ],
    ];
    for (const [orgId, centre] of centres) {
      await act(people.suzhouAdmin, 'place.saveCentre', { orgId, centreId: null, ...centre, version: null }, at);
    }
    await act(people.suzhouAdmin, 'place.posterCode', { orgId: orgs.szCommittee, label: DEMO_POSTER_LABEL }, at);
  });
}
