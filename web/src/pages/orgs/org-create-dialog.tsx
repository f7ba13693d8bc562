import { useMemo, useState } from 'react';
import { Dialog, Input, MessagePlugin, Select } from 'tdesign-react';
import type { ActionInput, BranchKind, Industry, OrgKind, OrgView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { BRANCH_KIND_LABELS, INDUSTRY_LABELS, ORG_KIND_LABELS, newRequestId } from '../../lib/shared-with-phone';

const FIELDS = ['name', 'kind', 'branchKind', 'hometown', 'industry', 'region', 'address'] as const;

interface Draft extends OrgDescriptionDraft {
  name: string;
}

function toInput(parentId: string, draft: Draft, requestId: string): ActionInput<'org.create'> {
  const branch = draft.kind === 'branch';
  const hometown = { ...draft.hometown, district: draft.hometown.district.trim() || undefined };
  return {
    parentId,
    name: draft.name,
    kind: draft.kind,
    region: draft.region,
    branchKind: branch ? draft.branchKind : null,
    hometown: branch && draft.branchKind === 'hometown' ? hometown : null,
    industry: branch && draft.branchKind === 'industry' ? draft.industry : null,
    address: draft.address.trim() || null,
    requestId,
  };
}

/** 新建下级组织 under `parent`, in its region by default; one requestId per dialog, so a retried click creates one. */
export function OrgCreateDialog({
  parent,
  onClose,
  onCreated,
}: {
  parent: OrgView;
  onClose: () => void;
  onCreated: (org: OrgView) => void;
}) {
  const requestId = useMemo(newRequestId, []);
  const [draft, setDraft] = useState<Draft>({
    name: '',
    kind: 'branch',
    branchKind: 'community',
    industry: null,
    hometown: { province: '', city: '', district: '' },
    region: { ...parent.region },
    address: '',
  });
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((now) => ({ ...now, [key]: value }));

  const submit = async () => {
    setSaving(true);
    const result = await api.call('org.create', toInput(parent.orgId, draft, requestId));
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(`已新建 ${result.data.name}`);
    onCreated(result.data);
  };

  const problem = formError(error, FIELDS);
  return (
    <Dialog
      visible
      header={`在“${parent.name}”下新建组织`}
      width={640}
      confirmBtn={{ content: '新建', loading: saving, size: 'large' }}
      cancelBtn={{ content: '取消', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div data-testid="org-create-form">
        <div className="desk-form">
          {problem && <p className="desk-error-text">{problem}</p>}
          <Field label="组织名称" required {...fieldError(error, 'name')}>
            <Input
              size="large"
              value={draft.name}
              onChange={(value) => set('name', String(value))}
              placeholder="如：新桥社区第二党支部"
            />
          </Field>
          <OrgDescriptionFields
            draft={draft}
            onChange={(changes) => setDraft((now) => ({ ...now, ...changes }))}
            error={error}
            fieldPrefix=""
          />
        </div>
      </div>
    </Dialog>
  );
}

export type RegionDraft = { province: string; city: string; district: string };

/** Province, city and district side by side (the district optional for a hometown that is a whole city). */
export function RegionInputs({
  value,
  onChange,
  districtOptional = false,
}: {
  value: RegionDraft;
  onChange: (value: RegionDraft) => void;
  districtOptional?: boolean;
}) {
  return (
    <div className="desk-region-inputs">
      <Input
        size="large"
        value={value.province}
        onChange={(province) => onChange({ ...value, province: String(province) })}
        placeholder="省"
      />
      <Input size="large" value={value.city} onChange={(city) => onChange({ ...value, city: String(city) })} placeholder="市" />
      <Input
        size="large"
        value={value.district}
        onChange={(district) => onChange({ ...value, district: String(district) })}
        placeholder={districtOptional ? '区县（可不填）' : '区县'}
      />
    </div>
  );
}

/** What both the create and the edit dialog keep of an organization besides its name. */
export interface OrgDescriptionDraft {
  kind: OrgKind;
  branchKind: BranchKind | null;
  industry: Industry | null;
  hometown: RegionDraft;
  region: RegionDraft;
  address: string;
}

/**
 * The kind, branch kind with its hometown or industry, region and address, as one set of fields;
 * `fieldPrefix` is where the action's input holds them ('' for org.create, 'changes.' for org.update),
 * so a refusal lands next to its field.
 */
export function OrgDescriptionFields({
  draft,
  onChange,
  error,
  fieldPrefix,
}: {
  draft: OrgDescriptionDraft;
  onChange: (changes: Partial<OrgDescriptionDraft>) => void;
  error: ClientError | null;
  fieldPrefix: '' | 'changes.';
}) {
  const set = <K extends keyof OrgDescriptionDraft>(key: K, value: OrgDescriptionDraft[K]) =>
    onChange({ [key]: value } as Partial<OrgDescriptionDraft>);
  return (
    <>
      <Field label="组织类型" required {...fieldError(error, `${fieldPrefix}kind`)}>
        <Select
          size="large"
          value={draft.kind}
          onChange={(value) => set('kind', value as OrgKind)}
          options={(Object.keys(ORG_KIND_LABELS) as OrgKind[]).map((kind) => ({ value: kind, label: ORG_KIND_LABELS[kind] }))}
        />
      </Field>
      {draft.kind === 'branch' && (
        <Field label="支部类型" required {...fieldError(error, `${fieldPrefix}branchKind`)}>
          <Select
            size="large"
            value={draft.branchKind ?? undefined}
            onChange={(value) => set('branchKind', value as BranchKind)}
            options={(Object.keys(BRANCH_KIND_LABELS) as BranchKind[]).map((kind) => ({
              value: kind,
              label: BRANCH_KIND_LABELS[kind],
            }))}
          />
        </Field>
      )}
      {draft.kind === 'branch' && draft.branchKind === 'hometown' && (
        <Field label="党员的家乡" required {...fieldError(error, `${fieldPrefix}hometown`)}>
          <RegionInputs value={draft.hometown} onChange={(value) => set('hometown', value)} districtOptional />
        </Field>
      )}
      {draft.kind === 'branch' && draft.branchKind === 'industry' && (
        <Field label="行业" required {...fieldError(error, `${fieldPrefix}industry`)}>
          <Select
            size="large"
            value={draft.industry ?? undefined}
            onChange={(value) => set('industry', value as Industry)}
            options={(Object.keys(INDUSTRY_LABELS) as Industry[]).map((code) => ({
              value: code,
              label: INDUSTRY_LABELS[code],
            }))}
          />
        </Field>
      )}
      <Field label="所在地区" required {...fieldError(error, `${fieldPrefix}region`)}>
        <RegionInputs value={draft.region} onChange={(value) => set('region', value)} />
      </Field>
      <Field label="地址" {...fieldError(error, `${fieldPrefix}address`)}>
        <Input size="large" value={draft.address} onChange={(value) => set('address', String(value))} placeholder="选填" />
      </Field>
    </>
  );
}
