import type { ActionInput } from '../contract';
import { REQUESTED_JOBS } from '../jobs/run-all';
import { runRequestedJobs } from '../jobs/requested-jobs';
import type { ServiceDeps } from '../services/context';
import type { DemoActor, DemoPhase } from './demo-data';

/**
 * What the organization department's desk shows of the tree and its posts: more people in posts
 * below 姑苏区委 (a branch secretary, an admin of the freight committee), and a branch merged into
 * another (新桥社区第二党支部 into 第一党支部) whose member moved with it and whose history stays.
 */

export interface OrgTreeDemoPlaces {
  start: Date;
  now: Date;
  community: string;
  xinqiao1: string;
  xinqiao3: string;
  freight: string;
}

export interface OrgTreeDemoPeople {
  suzhouAdmin: string;
  communityAdmin: string;
  thirdSecretary: string;
  freightAdmin: string;
  mergedMember: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function seedOrgTree(
  deps: ServiceDeps,
  act: DemoActor,
  phase: DemoPhase,
  register: (openid: string, profile: ActionInput<'member.register'>) => Promise<unknown>,
  profile: ActionInput<'member.register'>,
  places: OrgTreeDemoPlaces,
  people: OrgTreeDemoPeople,
): Promise<void> {
  const { start, now } = places;
  await phase('more people in posts below 姑苏区委', async () => {
    // Granting what is held changes nothing: safe to repeat.
    await act(people.suzhouAdmin, 'role.grant', {
      openid: people.thirdSecretary,
      role: 'secretary',
      orgId: places.xinqiao3,
      holderName: '王明',
    });
    await act(people.suzhouAdmin, 'role.grant', {
      openid: people.freightAdmin,
      role: 'org_admin',
      orgId: places.freight,
      holderName: '吴国强',
    });
  });

  await phase('a branch merged into another', async () => {
    const second = await act(
      people.suzhouAdmin,
      'org.create',
      {
        parentId: places.community,
        name: '新桥社区第二党支部',
        kind: 'branch',
        branchKind: 'community',
        region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
        contact: '新桥社区党群服务中心 0512-65230000',
        requestId: 'demo-org-merged-second',
      },
      start,
    );
    if (!second.dissolved) {
      await register(people.mergedMember, profile);
      const mine = await act(people.mergedMember, 'checkin.mine', {}, start);
      const request =
        mine.current ?? (await act(people.mergedMember, 'checkin.submit', { orgId: second.orgId, via: 'scan' }, start));
      if (request.status === 'pending') {
        await act(
          people.communityAdmin,
          'checkin.decide',
          { checkinId: request.checkinId, version: request.version, decision: 'approve' },
          start,
        );
      }
    }
    {
      // Asked again after a kill, the same request finishes what the first began (the move's job).
      const current = await act(people.suzhouAdmin, 'org.children', { orgId: places.community });
      const entry = current.items.find((org) => org.orgId === second.orgId);
      await act(
        people.suzhouAdmin,
        'org.dissolve',
        {
          orgId: second.orgId,
          version: entry ? entry.version : 1,
          successorId: places.xinqiao1,
          reason: '社区党支部调整：第二党支部并入第一党支部',
          requestId: 'demo-merge-xinqiao2',
        },
        new Date(now.getTime() - 7 * DAY_MS),
      );
    }
    // The move of its member runs as the jobs function would run it, on the story's day, with every
    // kind it knows: a rerun after a kill may find another phase's request waiting (an import),
    // which a runner knowing only the re-path would fail as of an unknown kind.
    await runRequestedJobs(
      { ...deps, clock: { now: () => new Date(now) } },
      { deadline: Number.POSITIVE_INFINITY, kinds: REQUESTED_JOBS },
    );
  });
}
