import { useState } from 'react';
import { Dialog, Input, MessagePlugin } from 'tdesign-react';
import type { ActionInput, OrgEntry } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { type OrgDescriptionDraft, OrgDescriptionFields } from './org-create-dialog';

const FIELDS = [
  'changes.name',
  'changes.kind',
  'changes.branchKind',
  'changes.hometown',
  'changes.industry',
  'changes.region',
  'changes.address',
  'changes.contact',
] as const;

interface Draft extends OrgDescriptionDraft {
  name: string;
  contact: string;
}

function draftOf(org: OrgEntry): Draft {
  return {
    name: org.name,
    kind: org.kind,
    branchKind: org.branchKind,
    industry: org.industry,
    hometown: { province: org.hometown?.province ?? '', city: org.hometown?.city ?? '', district: org.hometown?.district ?? '' },
    region: { ...org.region },
    address: org.address ?? '',
    contact: org.contact ?? '',
  };
}

function toInput(org: OrgEntry, draft: Draft): ActionInput<'org.update'> {
  const branch = draft.kind === 'branch';
  return {
    orgId: org.orgId,
    version: org.version,
    changes: {
      name: draft.name,
      kind: draft.kind,
      region: draft.region,
      branchKind: branch ? draft.branchKind : null,
      hometown:
        branch && draft.branchKind === 'hometown'
          ? { ...draft.hometown, district: draft.hometown.district.trim() || undefined }
          : null,
      industry: branch && draft.branchKind === 'industry' ? draft.industry : null,
      address: draft.address.trim() || null,
      contact: draft.contact.trim() || null,
    },
  };
}

/**
 * 修改信息: name, kind, region, the branch's hometown or industry, address and contact, sent with
 * the version the page read. When someone else saved first, the server says so and nothing of
 * theirs is overwritten: the official closes, sees the new facts, and edits again.
 */
export function OrgEditDialog({ org, onClose, onSaved }: { org: OrgEntry; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(org));
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((now) => ({ ...now, [key]: value }));

  const submit = async () => {
    setSaving(true);
    const result = await api.call('org.update', toInput(org, draft));
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(`已保存 ${result.data.name}`);
    onSaved();
  };

  const problem = formError(error, FIELDS);
  return (
    <Dialog
      visible
      header={`修改“${org.name}”的信息`}
      width={680}
      confirmBtn={{ content: '保存', loading: saving, size: 'large' }}
      cancelBtn={{ content: '取消', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div data-testid="org-edit-form">
        <div className="desk-form">
          {problem && <p className="desk-error-text">{problem}</p>}
          <Field label="组织名称" required {...fieldError(error, 'changes.name')}>
            <Input size="large" value={draft.name} onChange={(value) => set('name', String(value))} data-testid="org-edit-name" />
          </Field>
          <OrgDescriptionFields
            draft={draft}
            onChange={(changes) => setDraft((now) => ({ ...now, ...changes }))}
            error={error}
            fieldPrefix="changes."
          />
          <Field label="联系方式" {...fieldError(error, 'changes.contact')}>
            <Input
              size="large"
              value={draft.contact}
              onChange={(value) => set('contact', String(value))}
              placeholder="联系人及电话，如：李书记 0512-65231234"
              data-testid="org-edit-contact"
            />
          </Field>
        </div>
      </div>
    </Dialog>
  );
}
