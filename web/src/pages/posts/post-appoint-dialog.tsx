import { useEffect, useState } from 'react';
import { Dialog, Input, MessagePlugin, Radio, Select } from 'tdesign-react';
import type { ActionInput, OrgEntry, OrgView, PostCandidate } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { orgKindText } from '../orgs/org-words';

const FIELDS = ['orgId', 'role', 'memberId', 'code', 'holderName'] as const;

/** Reads `search(text)` as the official types, keeping only the latest answer. */
function useSearch<T>(text: string, search: (text: string) => Promise<T[]>): T[] {
  const [found, setFound] = useState<T[]>([]);
  useEffect(() => {
    let stale = false;
    if (!text.trim()) return;
    void search(text.trim()).then((items) => {
      if (!stale) setFound(items);
    });
    return () => {
      stale = true;
    };
    // `search` closes over the scope, which the dialog never changes: the text alone starts a search.
  }, [text]);
  return found;
}

/**
 * 任命: an organization at or below the scope, the post (a secretary only in a branch), and who:
 * a member the official manages, picked by name (masked), or the person in front of them by the
 * eight characters of 我的任职码 on their phone, with the name to record.
 */
export function PostAppointDialog({
  scope,
  onClose,
  onAppointed,
}: {
  scope: OrgView;
  onClose: () => void;
  onAppointed: () => void;
}) {
  const [orgText, setOrgText] = useState('');
  const [org, setOrg] = useState<OrgEntry | OrgView>(scope);
  const [role, setRole] = useState<'org_admin' | 'secretary'>(scope.kind === 'branch' ? 'secretary' : 'org_admin');
  const [way, setWay] = useState<'member' | 'code'>('member');
  const [memberText, setMemberText] = useState('');
  const [member, setMember] = useState<PostCandidate | null>(null);
  const [code, setCode] = useState('');
  const [holderName, setHolderName] = useState('');
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);

  const orgs = useSearch(orgText, async (text) => {
    const result = await api.call('org.search', { orgId: scope.orgId, query: text, limit: 20 });
    return result.ok ? result.data.items.filter((found) => !found.dissolved) : [];
  });
  const members = useSearch(memberText, async (text) => {
    const result = await api.call('post.candidates', { orgId: scope.orgId, query: text, limit: 20 });
    return result.ok ? result.data.items : [];
  });

  const submit = async () => {
    const who: Pick<ActionInput<'role.grant'>, 'memberId' | 'code' | 'holderName'> = way === 'member'
      ? { memberId: member?.memberId, holderName: holderName.trim() || undefined }
      : { code, holderName: holderName.trim() || undefined };
    setSaving(true);
    const result = await api.call('role.grant', { orgId: org.orgId, role, ...who });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(`已任命为${result.data.orgName ?? ''}${role === 'secretary' ? '支部书记' : '组织管理员'}`);
    onAppointed();
  };

  const problem = formError(error, FIELDS);
  const orgOptions = [org, ...orgs.filter((found) => found.orgId !== org.orgId)];
  return (
    <Dialog
      visible
      header="任命组织管理员或支部书记"
      width={680}
      confirmBtn={{ content: '任命', loading: saving, size: 'large' }}
      cancelBtn={{ content: '取消', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div data-testid="post-appoint-form">
        <div className="desk-form">
          {problem && <p className="desk-error-text">{problem}</p>}
          <Field label="组织" required {...fieldError(error, 'orgId')}>
            <div data-testid="post-org">
              <Select
                size="large"
                filterable
                value={org.orgId}
                onSearch={setOrgText}
                onChange={(value) => {
                  const chosen = orgOptions.find((candidate) => candidate.orgId === value);
                  if (!chosen) return;
                  setOrg(chosen);
                  if (chosen.kind !== 'branch') setRole('org_admin');
                }}
                options={orgOptions.map((candidate) => ({
                  value: candidate.orgId,
                  label: `${candidate.name}（${orgKindText(candidate)}）`,
                }))}
                placeholder="输入名称中的几个字查找"
              />
            </div>
          </Field>
          <Field label="职务" required {...fieldError(error, 'role')}>
            <Radio.Group value={role} onChange={(value) => setRole(value as 'org_admin' | 'secretary')}>
              <Radio value="org_admin">组织管理员</Radio>
              <Radio value="secretary" disabled={org.kind !== 'branch'}>
                支部书记
              </Radio>
            </Radio.Group>
          </Field>
          <Field label="被任命人">
            <Radio.Group value={way} onChange={(value) => setWay(value as 'member' | 'code')}>
              <Radio value="member">选择一名党员</Radio>
              <Radio value="code">输入对方的任职码</Radio>
            </Radio.Group>
          </Field>
          {way === 'member' ? (
            <Field label="党员" required {...fieldError(error, 'memberId')}>
              <div data-testid="post-member">
                <Select
                  size="large"
                  filterable
                  value={member?.memberId}
                  onSearch={setMemberText}
                  onChange={(value) => setMember(members.find((found) => found.memberId === value) ?? null)}
                  options={members.map((found) => ({
                    value: found.memberId,
                    label: `${found.name}　${found.phoneMasked}　${found.inflowBranchName ?? found.outflowName}`,
                  }))}
                  placeholder="输入姓名查找本组织管理的党员"
                  empty={memberText.trim() ? '没有找到这名党员' : '输入姓名查找'}
                />
              </div>
            </Field>
          ) : (
            <>
              <p className="desk-state__hint">请对方在小程序首页点“我的任职码”，把手机上显示的 8 位字母和数字读给您。</p>
              <Field label="任职码" required {...fieldError(error, 'code')}>
                <Input
                  size="large"
                  value={code}
                  onChange={(value) => setCode(String(value))}
                  placeholder="如：AB2C D3EF"
                  data-testid="post-code"
                />
              </Field>
            </>
          )}
          <Field label="姓名" required={way === 'code'} {...fieldError(error, 'holderName')}>
            <Input
              size="large"
              value={holderName}
              onChange={(value) => setHolderName(String(value))}
              placeholder={way === 'member' ? '不填时用党员档案上的姓名' : '被任命人的姓名'}
              data-testid="post-holder-name"
            />
          </Field>
        </div>
      </div>
    </Dialog>
  );
}
