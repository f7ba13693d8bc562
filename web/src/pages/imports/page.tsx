import { Tabs } from 'tdesign-react';
import { useMe } from '../../shell/session';
import { EmptyState } from '../../components/states';
import { ImportFlow, type ImportOrg } from './import-flow';

/**
 * 导入: the organization tree and the month's movement list (组织找党员) from a spreadsheet, into
 * an organization the official administers. The columns each import reads are listed on the page,
 * as in the README.
 */
export default function ImportsPage() {
  const me = useMe();
  const orgs: ImportOrg[] = me.roles.flatMap((role) =>
    role.role === 'org_admin' && role.orgId ? [{ orgId: role.orgId, name: role.orgName ?? role.orgId }] : [],
  );
  return (
    <div>
      <h1 className="desk-page__title">导入</h1>
      {orgs.length === 0 ? (
        <EmptyState title="没有可以导入的组织" hint="只有组织管理员可以导入。请上级组织在“人员任职”里任命您为管理员。" />
      ) : (
        <Tabs defaultValue="tree" size="large">
          <Tabs.TabPanel value="tree" label="导入组织架构">
            <div className="desk-import-panel">
              <p className="desk-state__hint">
                每行一个组织。列：组织名称、上级组织（前面的行或已有的组织）、组织类别（党委、党总支、党支部、社区党支部、流动党员党支部、行业党支部、企业党支部）、支部类型、所在省、所在市、所在县(区)、家乡省、家乡市、家乡县(区)、行业（门类字母
                A–T）、联系方式。
              </p>
              <ImportFlow kind="org_tree" orgs={orgs} testId="import-tree" />
            </div>
          </Tabs.TabPanel>
          <Tabs.TabPanel value="movement" label="导入流动党员名单">
            <div className="desk-import-panel">
              <p className="desk-state__hint">
                全国党员管理信息系统导出的月度流动党员名单。列：姓名、公民身份号码、性别、流出党组织、外出流向(省)、外出流向(市)、外出流向(县)、外出日期、外出原因、联系电话、流入地详细地址、流动党员活动证编号。身份证号只用于比对，不保存原文。
              </p>
              <ImportFlow kind="movement_list" orgs={orgs} testId="import-movement" />
            </div>
          </Tabs.TabPanel>
        </Tabs>
      )}
    </div>
  );
}
