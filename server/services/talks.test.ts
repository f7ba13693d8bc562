import { COLLECTIONS } from '../store/indexes';
import { type Harness, type Tree, BACKENDS, nextRequestId } from '../../test/support/harness';
import { CLERK, RIDER, refused, studyWorld as world } from '../../test/support/study-world';
import type { ActionInput } from '../contract';
import { contactIdFor } from './talks';

/** Everything the contact and talk actions may write, to prove a refusal wrote nothing. */
async function fingerprint(h: Harness) {
  const all = async (collection: string) => (await h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    contacts: await all(COLLECTIONS.contacts),
    talks: await all(COLLECTIONS.talks),
    dues: await all(COLLECTIONS.talkDues),
    members: await all(COLLECTIONS.members),
  };
}

describe.each(BACKENDS)('the contact person and the talks on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: Awaited<ReturnType<typeof world>>['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world(backend));
  });
  afterEach(() => h.close());

  it('names the contact from the branch, once per request, then only with the current version', async () => {
    const candidates = await h.ok(tree.people.secretaryA, 'contact.candidates', { memberId: ids.rider });
    expect(candidates.roleHolders).toEqual([expect.objectContaining({ name: '李秀英', role: 'secretary' })]);
    expect(candidates.members.map((m) => m.name).sort()).toEqual(['李强', '赵磊']);

    const roleId = candidates.roleHolders[0].roleId;
    const first = await h.ok(tree.people.secretaryA, 'contact.set', {
      memberId: ids.rider,
      choice: { kind: 'role', roleId },
      version: null,
    });
    expect(first).toEqual({
      contact: { name: '李秀英', kind: 'secretary', memberId: null, setOn: '2026-11-25', setByName: '李秀英' },
      version: 1,
    });
    // The same request again: the same answer, nothing written twice.
    expect(
      await h.ok(tree.people.secretaryA, 'contact.set', { memberId: ids.rider, choice: { kind: 'role', roleId }, version: null }),
    ).toEqual(first);

    const clerk = { kind: 'member' as const, memberId: ids.clerk };
    refused(
      await h.call(tree.people.cityAdmin, 'contact.set', { memberId: ids.rider, choice: clerk, version: null }),
      'CONFLICT',
      'version',
    );
    const changed = await h.ok(tree.people.cityAdmin, 'contact.set', { memberId: ids.rider, choice: clerk, version: 1 });
    expect(changed).toMatchObject({
      contact: { name: '李强', kind: 'member', memberId: ids.clerk, setByName: '周建华' },
      version: 2,
    });
    refused(
      await h.call(tree.people.secretaryA, 'contact.set', { memberId: ids.rider, choice: { kind: 'role', roleId }, version: 1 }),
      'CONFLICT',
    );
    expect(await h.deps.store.count(COLLECTIONS.contacts, {})).toBe(1);

    const seen = await h.ok(tree.people.villageSecretary, 'talk.list', { memberId: ids.rider });
    expect(seen).toMatchObject({ side: 'outflow', contact: { name: '李强' }, contactVersion: 2, canRecord: false });
    expect((await h.ok(RIDER, 'talk.list', { memberId: ids.rider })).contact?.name).toBe('李强');
  });

  it('records a talk once per request and shows the note to the two sides only', async () => {
    const talk: ActionInput<'talk.record'> = {
      memberId: ids.rider,
      requestId: nextRequestId(),
      cause: 'placement',
      heldOn: '2026-11-25',
      topic: '了解工作和生活情况',
      note: '孩子明年上学，想了解入学政策',
    };
    const recorded = await h.ok(tree.people.secretaryA, 'talk.record', talk);
    expect(recorded).toMatchObject({
      cause: 'placement',
      heldByName: '李秀英',
      note: '孩子明年上学，想了解入学政策',
      recordedByName: '李秀英',
    });
    expect(await h.ok(tree.people.secretaryA, 'talk.record', talk)).toEqual(recorded);
    expect(await h.deps.store.count(COLLECTIONS.talks, {})).toBe(1);

    const note = async (openid: string) => (await h.ok(openid, 'talk.list', { memberId: ids.rider })).talks.map((t) => t.note);
    // The branch, the outflow branch, the admin above the outflow side, the admin above the branch.
    for (const openid of [tree.people.secretaryA, tree.people.villageSecretary, tree.people.homeAdmin, tree.people.cityAdmin]) {
      expect(await note(openid)).toEqual(['孩子明年上学，想了解入学政策']);
    }
    // The member sees the talk, not the note.
    const own = await h.ok(RIDER, 'talk.list', { memberId: ids.rider });
    expect(own).toMatchObject({ side: 'self', canRecord: false, due: [] });
    expect(own.talks).toEqual([expect.objectContaining({ topic: '了解工作和生活情况', note: null })]);
    // A neighbour in the branch, a secretary beside, an admin of another hometown: as if there were no such member.
    for (const openid of [CLERK, tree.people.secretaryB, tree.people.otherHomeAdmin, tree.people.hometownSecretary]) {
      refused(await h.call(openid, 'talk.list', { memberId: ids.rider }), 'NOT_FOUND', 'memberId');
    }
  });
});

describe('contact and talk rules (embedded store)', () => {
  let h: Harness;
  let tree: Tree;
  let ids: Awaited<ReturnType<typeof world>>['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world('sqlite'));
  });
  afterEach(() => h.close());

  it('lets only the branch side name the contact and record talks, and refuses bad input by its field, writing nothing', async () => {
    const { roleHolders } = await h.ok(tree.people.secretaryA, 'contact.candidates', { memberId: ids.rider });
    const before = await fingerprint(h);
    const setAs = (openid: string, choice: ActionInput<'contact.set'>['choice']) =>
      h.call(openid, 'contact.set', { memberId: ids.rider, choice, version: null });
    const role = { kind: 'role' as const, roleId: roleHolders[0].roleId };
    refused(await setAs(tree.people.villageSecretary, role), 'FORBIDDEN');
    refused(await setAs(tree.people.homeAdmin, role), 'FORBIDDEN');
    // Those who may not see the member at all get the answer for a missing one.
    refused(await setAs(tree.people.secretaryB, role), 'NOT_FOUND', 'memberId');
    refused(await setAs(CLERK, role), 'NOT_FOUND', 'memberId');
    refused(await h.call(tree.people.villageSecretary, 'contact.candidates', { memberId: ids.rider }), 'FORBIDDEN');
    // Somebody of another branch, the member themself, a role elsewhere.
    refused(await setAs(tree.people.secretaryA, { kind: 'member', memberId: ids.cook }), 'BAD_REQUEST', 'choice.memberId');
    refused(await setAs(tree.people.secretaryA, { kind: 'member', memberId: ids.rider }), 'BAD_REQUEST', 'choice.memberId');
    const { roleHolders: otherRoles } = await h.ok(tree.people.secretaryB, 'contact.candidates', { memberId: ids.cook });
    refused(await setAs(tree.people.secretaryA, { kind: 'role', roleId: otherRoles[0].roleId }), 'BAD_REQUEST', 'choice.roleId');
    refused(await h.call(tree.people.secretaryA, 'contact.set', { memberId: ids.rider, choice: role, version: 4 }), 'CONFLICT');

    const talk = (openid: string, input: Partial<ActionInput<'talk.record'>>) =>
      h.call(openid, 'talk.record', {
        memberId: ids.rider,
        requestId: nextRequestId(),
        cause: 'other',
        heldOn: '2026-11-25',
        topic: '谈心',
        ...input,
      });
    refused(await talk(tree.people.villageSecretary, {}), 'FORBIDDEN');
    refused(await talk(tree.people.homeAdmin, {}), 'FORBIDDEN');
    refused(await talk(CLERK, {}), 'NOT_FOUND', 'memberId');
    refused(await talk(tree.people.secretaryA, { heldOn: '2026-11-26' }), 'BAD_REQUEST', 'heldOn');
    refused(await talk(tree.people.secretaryA, { heldOn: '2026-02-30' }), 'BAD_REQUEST', 'heldOn');
    refused(await talk(tree.people.secretaryA, { heldOn: '2026-11-01' }), 'BAD_REQUEST', 'heldOn');
    refused(await talk(tree.people.secretaryA, { topic: ' ' }), 'BAD_REQUEST', 'topic');
    refused(await talk(tree.people.secretaryA, { cause: 'chat' as 'other' }), 'BAD_REQUEST', 'cause');
    refused(await talk(tree.people.secretaryA, { note: '长'.repeat(501) }), 'BAD_REQUEST', 'note');
    refused(await h.call(tree.people.villageSecretary, 'talk.due', { branchId: tree.branchA.orgId }), 'NOT_FOUND', 'branchId');
    expect(await fingerprint(h)).toEqual(before);
    expect(await h.deps.store.get(COLLECTIONS.contacts, contactIdFor(ids.rider))).toBeNull();
  });
});
