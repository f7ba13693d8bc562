import { useEffect, useMemo, useState } from 'react';
import { Dialog, Input, MessagePlugin, Radio, Select } from 'tdesign-react';
import type { AgreementSide, AgreementView, MeetingCadence, OrgView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { AGREEMENT_SIDE_LABELS, MEETING_CADENCE_LABELS, newRequestId } from '../../lib/shared-with-phone';

const FIELDS = ['partnerOrgId', 'ownSide', 'title', 'termStart', 'termEnd', 'meetingCadence', 'contact', 'jointOrgIds'] as const;

/** Proposing a new agreement for `own`, or changing the terms of one (which the other side confirms again). */
export type TermsMode = { kind: 'propose'; own: OrgView } | { kind: 'revise'; agreement: AgreementView };

interface Draft {
  partner: { value: string; label: string } | null;
  ownSide: AgreementSide;
  title: string;
  termStart: string;
  termEnd: string;
  meetingCadence: MeetingCadence;
  contactName: string;
  contactPhone: string;
  jointOrgs: { value: string; label: string }[];
}

function draftOf(mode: TermsMode): Draft {
  if (mode.kind === 'propose') {
    return {
      partner: null,
      ownSide: 'inflow',
      title: '',
      termStart: '',
      termEnd: '',
      meetingCadence: 'quarterly',
      contactName: '',
      contactPhone: '',
      jointOrgs: [],
    };
  }
  const a = mode.agreement;
  const mine = a.mySide === 'inflow' || a.mySide === 'outflow' ? a.contacts[a.mySide] : null;
  return {
    partner: null,
    ownSide: a.mySide === 'outflow' ? 'outflow' : 'inflow',
    title: a.title,
    termStart: a.termStart,
    termEnd: a.termEnd,
    meetingCadence: a.meetingCadence,
    contactName: mine?.name ?? '',
    contactPhone: mine?.phone ?? '',
    jointOrgs: a.jointOrgs.map((org) => ({ value: org.orgId, label: org.name })),
  };
}

/** Organizations by a word of their name, for the partner and the joint organizations. */
function useOrgSearch(): [{ value: string; label: string }[], (query: string) => void] {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [query, setQuery] = useState('');
  useEffect(() => {
    let stale = false;
    if (!query.trim()) return;
    void api.call('org.list', { query: query.trim(), limit: 20 }).then((result) => {
      if (!stale && result.ok) setOptions(result.data.items.map((org) => ({ value: org.orgId, label: org.name })));
    });
    return () => {
      stale = true;
    };
  }, [query]);
  return [options, setQuery];
}

export function AgreementTermsDialog({
  mode,
  onClose,
  onSaved,
}: {
  mode: TermsMode;
  onClose: () => void;
  onSaved: (agreement: AgreementView) => void;
}) {
  const requestId = useMemo(newRequestId, []);
  const [draft, setDraft] = useState<Draft>(() => draftOf(mode));
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const [partnerOptions, searchPartner] = useOrgSearch();
  const [jointOptions, searchJoint] = useOrgSearch();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((now) => ({ ...now, [key]: value }));

  const submit = async () => {
    setSaving(true);
    const terms = {
      title: draft.title,
      termStart: draft.termStart,
      termEnd: draft.termEnd,
      meetingCadence: draft.meetingCadence,
      contact: { name: draft.contactName, phone: draft.contactPhone },
      jointOrgIds: draft.jointOrgs.map((org) => org.value),
    };
    const result =
      mode.kind === 'propose'
        ? await api.call('agreement.propose', {
            ...terms,
            ownOrgId: mode.own.orgId,
            partnerOrgId: draft.partner?.value ?? '',
            ownSide: draft.ownSide,
            requestId,
          })
        : await api.call('agreement.revise', {
            ...terms,
            agreementId: mode.agreement.agreementId,
            version: mode.agreement.version,
          });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(mode.kind === 'propose' ? '协议已提出，等对方确认' : '条款已修改，等对方重新确认');
    onSaved(result.data);
  };

  const problem = formError(error, FIELDS);
  const jointChoices = [...draft.jointOrgs, ...jointOptions.filter((o) => !draft.jointOrgs.some((c) => c.value === o.value))];
  return (
    <Dialog
      visible
      header={mode.kind === 'propose' ? `提出共管协议：${mode.own.name}` : `修改协议条款：${mode.agreement.title}`}
      width={720}
      confirmBtn={{ content: mode.kind === 'propose' ? '提出协议' : '修改并请对方确认', loading: saving, size: 'large' }}
      cancelBtn={{ content: '取消', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="desk-form" data-testid="agreement-terms-form">
        {problem && <p className="desk-error-text">{problem}</p>}
        {mode.kind === 'propose' && (
          <>
            <Field label="协议另一方" required {...fieldError(error, 'partnerOrgId')}>
              <Select
                size="large"
                filterable
                placeholder="输入对方党组织名称中的字，如：定远"
                value={draft.partner?.value}
                options={draft.partner ? [draft.partner, ...partnerOptions] : partnerOptions}
                onSearch={searchPartner}
                onChange={(value) => set('partner', partnerOptions.find((o) => o.value === value) ?? null)}
              />
            </Field>
            <Field label="本组织是" required {...fieldError(error, 'ownSide')}>
              <Radio.Group value={draft.ownSide} onChange={(value) => set('ownSide', value as AgreementSide)}>
                <Radio value="inflow">{AGREEMENT_SIDE_LABELS.inflow}（党员在本地居住、工作）</Radio>
                <Radio value="outflow">{AGREEMENT_SIDE_LABELS.outflow}（党员从本地外出）</Radio>
              </Radio.Group>
            </Field>
          </>
        )}
        <Field label="协议名称" required {...fieldError(error, 'title')}>
          <Input
            size="large"
            value={draft.title}
            onChange={(v) => set('title', String(v))}
            placeholder="如：太仓市—定远县流动党员双向共管协议"
          />
        </Field>
        <Field label="开始日期" required {...fieldError(error, 'termStart')}>
          <Input
            size="large"
            value={draft.termStart}
            onChange={(v) => set('termStart', String(v))}
            placeholder="如：2026-06-01"
          />
        </Field>
        <Field label="到期日期" required {...fieldError(error, 'termEnd')}>
          <Input size="large" value={draft.termEnd} onChange={(v) => set('termEnd', String(v))} placeholder="如：2029-05-31" />
        </Field>
        <Field label="联席会议" required {...fieldError(error, 'meetingCadence')}>
          <Select
            size="large"
            value={draft.meetingCadence}
            onChange={(value) => set('meetingCadence', value as MeetingCadence)}
            options={(Object.keys(MEETING_CADENCE_LABELS) as MeetingCadence[]).map((value) => ({
              value,
              label: MEETING_CADENCE_LABELS[value],
            }))}
          />
        </Field>
        <Field label="本方联系人" required {...fieldError(error, 'contact.name')}>
          <Input size="large" value={draft.contactName} onChange={(v) => set('contactName', String(v))} placeholder="姓名" />
        </Field>
        <Field label="联系电话" required {...fieldError(error, 'contact.phone')}>
          <Input
            size="large"
            value={draft.contactPhone}
            onChange={(v) => set('contactPhone', String(v))}
            placeholder="如：0512-53520016"
          />
        </Field>
        <Field
          label="联合党组织"
          tips="两地共同设立的党组织（如联合党支部），协议生效期间由双方管理员共同管理"
          {...fieldError(error, 'jointOrgIds')}
        >
          <Select
            size="large"
            multiple
            filterable
            placeholder="输入组织名称中的字查找"
            value={draft.jointOrgs.map((org) => org.value)}
            options={jointChoices}
            onSearch={searchJoint}
            onChange={(values) =>
              set(
                'jointOrgs',
                (values as string[]).flatMap((value) => jointChoices.filter((choice) => choice.value === value)),
              )
            }
          />
        </Field>
      </div>
    </Dialog>
  );
}
