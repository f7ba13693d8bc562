// 组织架构: the tree, an organization and the ones below it, the export, the search, a create
// (refused first for a missing name) and a move followed through its job's progress.
const OFFICIAL = 'dev_suzhou_admin';
const TOP = '中共苏州市姑苏区委员会';
const STREET = '中共姑苏区平江街道工作委员会';
const FREIGHT = '姑苏区道路货运行业党委';
const NEW_BRANCH = '平江街道快递员第一党支部';

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
      t.check(csv.rows[0].join('|') === '组织名称|类型|所在地区|家乡或行业|地址', `the header row (${csv.rows[0].join('|')})`);
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
];
