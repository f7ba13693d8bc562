// 组织架构: the tree, an organization and the ones below it, the export, the search, a create
// (refused first for a missing name), a move followed through its job's progress, an edit of the
// contact (refused first for a stale version), a dissolve refused while members remain, and a
// merge followed through its job.
const OFFICIAL = 'dev_suzhou_admin';
const TOP = '中共苏州市姑苏区委员会';
const STREET = '中共姑苏区平江街道工作委员会';
const FREIGHT = '姑苏区道路货运行业党委';
const NEW_BRANCH = '平江街道快递员第一党支部';
const COURIERS = '快递外卖行业流动党员党支部';
const THIRD = '新桥社区第三党支部';
const CONTACT = '张书记 0512-65238888';

async function orgNamed(t, name) {
  const page = await t.phone(OFFICIAL, 'org.list', { query: name, limit: 5 });
  const org = page.items.find((item) => item.name === name);
  t.check(org, `${name} exists`);
  return org;
}

/** The CSV as Excel reads it: BOM, quoted cells, CRLF. */
function parseCsv(bytes) {
  const text = bytes.toString('utf8');
  const rows = text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) =>
      line
        .slice(1, -1)
        .split('","')
        .map((cell) => cell.replace(/""/g, '"')),
    );
  return { bom: text.startsWith('\uFEFF'), rows };
}

module.exports = [
  {
    name: 'orgs: the tree starts at the official’s own organization',
    async run(t) {
      await t.clickText('组织架构', '.desk-menu a');
      await t.waitForText(TOP, '[data-testid="org-tree"]');
      await t.waitForText('请在左边选择一个组织');
      await t.shot('orgs');
    },
  },
  {
    name: 'orgs: choosing it shows its facts and the organizations below, and the tree opens a level',
    async run(t) {
      await t.clickText(TOP, '.t-tree__label');
      await t.waitForText('下级组织', '[data-testid="org-detail"]');
      await t.waitForText(STREET, '[data-testid="org-detail"]');
      await t.page.click('[data-testid="org-tree"] .t-tree__icon');
      await t.waitForText(STREET, '[data-testid="org-tree"]');
      await t.shot('orgs-detail');
    },
  },
  {
    name: 'orgs: the list below exports to CSV with what the server lists',
    async run(t) {
      const top = await orgNamed(t, TOP);
      const listed = await t.phone(OFFICIAL, 'org.list', { parentId: top.orgId, limit: 50 });
      const file = await t.download(() => t.clickText('导出 CSV'));
      t.check(file.name.endsWith('.csv') && file.name.includes('下级组织'), `a CSV named after the list (${file.name})`);
      const csv = parseCsv(file.bytes);
      t.check(csv.bom, 'the file starts with a byte-order mark, so Excel reads it as UTF-8');
      t.check(
        csv.rows[0].join('|') === '组织名称|类型|所在地区|家乡或行业|地址|联系方式|状态',
        `the header row (${csv.rows[0].join('|')})`,
      );
      const names = csv.rows.slice(1).map((row) => row[0]);
      t.check(
        JSON.stringify(names) === JSON.stringify(listed.items.map((org) => org.name)),
        `the rows are the organizations below (${names.join('、')})`,
      );
    },
  },
  {
    name: 'orgs: search by a few characters of the name',
    async run(t) {
      await t.typeInto('[data-testid="org-search"] input', '新桥');
      await t.waitForText('中共新桥社区委员会', '.desk-table');
      await t.shot('orgs-search');
      await t.clickText('中共新桥社区委员会', 'td');
      await t.waitForText('中共新桥社区委员会', '[data-testid="org-detail"] h2');
    },
  },
  {
    name: 'orgs: a new branch is refused without a name, then created',
    async run(t) {
      const street = await orgNamed(t, STREET);
      await t.open(`orgs/${street.orgId}`);
      await t.waitForText(STREET, '[data-testid="org-detail"] h2');
      await t.clickText('新建下级组织');
      await t.page.waitForSelector('[data-testid="org-create-form"]', { visible: true });
      await t.clickText('新建', '.t-dialog button');
      // The refusal stands under the field it names.
      await t.waitForText('组织名称', '[data-testid="org-create-form"] .desk-field--error');
      await t.shot('orgs-create-refused');
      await t.typeInto('[data-testid="org-create-form"] input[placeholder^="如："]', NEW_BRANCH);
      await t.clickText('新建', '.t-dialog button');
      await t.waitForText(NEW_BRANCH, '[data-testid="org-detail"] h2');
      const created = await orgNamed(t, NEW_BRANCH);
      t.check(created.parentId === street.orgId && created.kind === 'branch', 'created below the street committee, a branch');
    },
  },
  {
    name: 'orgs: the branch moves under another committee, its job followed to the end',
    async run(t) {
      const freight = await orgNamed(t, FREIGHT);
      await t.clickText('调整隶属');
      await t.page.waitForSelector('[data-testid="org-move-form"]', { visible: true });
      await t.typeInto('[data-testid="org-move-form"] .t-select input', '货运');
      await t.clickText(FREIGHT, '.t-select-option');
      await t.clickText('开始调整');
      await t.waitForText('调整隶属：已完成', '.t-dialog', 60_000);
      await t.shot('orgs-moved');
      await t.clickText('关闭', '.t-dialog button');
      const moved = await orgNamed(t, NEW_BRANCH);
      t.check(moved.parentId === freight.orgId, 'the branch is below the freight committee now');
    },
  },
  {
    name: 'orgs: a long list comes a page at a time (加载更多), and its export holds every row',
    async run(t) {
      const freight = await orgNamed(t, FREIGHT);
      // 20 more branches below the freight committee (more than a page with what is there), through the API, each once however often this runs.
      for (let n = 1; n <= 20; n += 1) {
        await t.phone(OFFICIAL, 'org.create', {
          parentId: freight.orgId,
          name: `货运车队第${String(n).padStart(2, '0')}党支部`,
          kind: 'branch',
          branchKind: 'enterprise',
          region: freight.region,
          requestId: `desk-test-freight-${n}`,
        });
      }
      const all = [];
      for (let cursor = null, first = true; first || cursor; first = false) {
        const page = await t.phone(OFFICIAL, 'org.list', { parentId: freight.orgId, cursor, limit: 50 });
        all.push(...page.items.map((org) => org.name));
        cursor = page.nextCursor;
      }
      t.check(all.length > 20, `more than a page below (${all.length})`);
      await t.open(`orgs/${freight.orgId}`);
      await t.waitForText('已加载 20 条，还有更多', '[data-testid="org-detail"]');
      await t.clickText('加载更多');
      await t.waitForText(`已加载 ${all.length} 条，已全部加载`, '[data-testid="org-detail"]');
      await t.shot('orgs-paged');
      await t.open(`orgs/${freight.orgId}`);
      await t.waitForText('已加载 20 条，还有更多', '[data-testid="org-detail"]');
      const file = await t.download(() => t.clickText('导出 CSV'));
      const names = parseCsv(file.bytes)
        .rows.slice(1)
        .map((row) => row[0]);
      t.check(JSON.stringify(names) === JSON.stringify(all), `the export pages through to every row (${names.length})`);
    },
  },
  {
    name: 'orgs: the contact is edited; an editor who read an older version is told to reload',
    async run(t) {
      const branch = await orgNamed(t, NEW_BRANCH);
      await t.open(`orgs/${branch.orgId}`);
      await t.waitForText(NEW_BRANCH, '[data-testid="org-detail"] h2');
      await t.clickText('修改信息');
      await t.page.waitForSelector('[data-testid="org-edit-form"]', { visible: true });
      // Someone else saves first, from another desk.
      const seen = await t.phone(OFFICIAL, 'org.get', { orgId: branch.orgId });
      await t.phone(OFFICIAL, 'org.update', {
        orgId: branch.orgId,
        version: seen.version,
        changes: { address: '物流园 3 号楼' },
      });
      await t.typeInto('[data-testid="org-edit-contact"] input', CONTACT);
      await t.clickText('保存', '.t-dialog button');
      await t.waitForText('已被其他人修改', '[data-testid="org-edit-form"]');
      await t.shot('orgs-edit-conflict');
      await t.clickText('取消', '.t-dialog button');
      await t.page.reload();
      await t.waitForText('物流园 3 号楼', '[data-testid="org-detail"]');
      await t.clickText('修改信息');
      await t.page.waitForSelector('[data-testid="org-edit-form"]', { visible: true });
      await t.typeInto('[data-testid="org-edit-contact"] input', CONTACT);
      await t.clickText('保存', '.t-dialog button');
      await t.waitForText(CONTACT, '[data-testid="org-detail"]');
      const saved = await t.phone(OFFICIAL, 'org.get', { orgId: branch.orgId });
      t.check(saved.contact === CONTACT && saved.address === '物流园 3 号楼', 'both edits are kept');
    },
  },
  {
    name: 'orgs: a branch with members cannot just be dissolved; nothing changes',
    async run(t) {
      const third = await orgNamed(t, THIRD);
      await t.open(`orgs/${third.orgId}`);
      await t.waitForText(THIRD, '[data-testid="org-detail"] h2');
      await t.clickText('撤销或合并');
      await t.page.waitForSelector('[data-testid="org-dissolve-form"]', { visible: true });
      await t.clickText('撤销（组织里已没有党员）', 'label');
      await t.typeInto('[data-testid="org-dissolve-reason"] input', '支部调整');
      await t.clickText('撤销', '.t-dialog button');
      await t.waitForText('请指定接续的组织', '[data-testid="org-dissolve-form"]');
      await t.shot('orgs-dissolve-refused');
      await t.clickText('取消', '.t-dialog button');
      const after = await t.phone(OFFICIAL, 'org.get', { orgId: third.orgId });
      t.check(after.dissolved === null, 'the third branch is not dissolved');
    },
  },
  {
    name: 'orgs: the new branch is merged into the couriers’ branch, its job followed to the end',
    async run(t) {
      const branch = await orgNamed(t, NEW_BRANCH);
      const couriers = await orgNamed(t, COURIERS);
      await t.open(`orgs/${branch.orgId}`);
      await t.waitForText(NEW_BRANCH, '[data-testid="org-detail"] h2');
      await t.clickText('撤销或合并');
      await t.page.waitForSelector('[data-testid="org-dissolve-form"]', { visible: true });
      await t.typeInto('[data-testid="org-dissolve-form"] .t-select input', '快递外卖');
      await t.clickText(COURIERS, '.t-select-option');
      await t.typeInto('[data-testid="org-dissolve-reason"] input', '两个快递员支部合并');
      await t.clickText('合并', '.t-dialog button');
      await t.waitForText('转到接续组织：已完成', '.t-dialog', 60_000);
      await t.shot('orgs-merged');
      await t.clickText('关闭', '.t-dialog button');
      await t.waitForText(`由${COURIERS}接续`, '[data-testid="org-status"]');
      await t.shot('orgs-dissolved');
      const merged = await t.phone(OFFICIAL, 'org.get', { orgId: branch.orgId });
      t.check(
        merged.dissolved && merged.dissolved.successor.orgId === couriers.orgId,
        'dissolved, with the couriers as successor',
      );
    },
  },
];
