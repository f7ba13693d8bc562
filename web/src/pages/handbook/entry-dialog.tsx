import { useMemo, useState } from 'react';
import { Button, Dialog, Input, MessagePlugin, Select, Textarea } from 'tdesign-react';
import type { HandbookEntryView, HandbookTopic, OrgView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { HANDBOOK_OLD_LABELS, HANDBOOK_TOPIC_LABELS, newRequestId, optionsOf, todayCst } from '../../lib/shared-with-phone';

const FIELDS = ['topic', 'title', 'body', 'source', 'sourceDate', 'validUntil', 'sourceUrl', 'note'] as const;

interface Draft {
  topic: HandbookTopic;
  title: string;
  body: string;
  source: string;
  sourceDate: string;
  validUntil: string;
  sourceUrl: string;
}

function draftOf(entry: HandbookEntryView | null): Draft {
  return {
    topic: entry?.topic ?? 'employment',
    title: entry?.title ?? '',
    body: entry?.body ?? '',
    source: entry?.source ?? '',
    sourceDate: entry?.sourceDate ?? todayCst(),
    validUntil: entry?.validUntil ?? '',
    sourceUrl: entry?.sourceUrl ?? '',
  };
}

/**
 * One entry: published for the chosen organization, or changed with the version the list read
 * (of two admins saving at once, one wins and the other is told to reload). 标为旧政策 keeps the
 * entry and marks it, with why. An entry of an organization above, or one the official may not
 * change, is shown read only.
 */
export function EntryDialog({
  scope,
  entry,
  onClose,
  onSaved,
}: {
  scope: OrgView;
  entry: HandbookEntryView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const [note, setNote] = useState('');
  const [withdrawing, setWithdrawing] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const requestId = useMemo(() => newRequestId(), []);
  const editable = entry === null || entry.can.edit;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((now) => ({ ...now, [key]: value }));

  const fields = () => ({
    topic: draft.topic,
    title: draft.title.trim(),
    body: draft.body.trim(),
    source: draft.source.trim(),
    sourceDate: draft.sourceDate.trim(),
    sourceUrl: draft.sourceUrl.trim(),
    validUntil: draft.validUntil.trim() || null,
  });
  const submit = async () => {
    setSaving(true);
    const result = entry
      ? await api.call('handbook.update', { entryId: entry.entryId, version: entry.version, ...fields() })
      : await api.call('handbook.publish', { orgId: scope.orgId, requestId, ...fields() });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(entry ? `已保存“${result.data.title}”` : `已发布“${result.data.title}”`);
    onSaved();
  };
  const withdraw = async () => {
    if (!entry) return;
    setSaving(true);
    const result = await api.call('handbook.withdraw', { entryId: entry.entryId, version: entry.version, note: note.trim() });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(`“${result.data.title}”已标为旧政策`);
    onSaved();
  };

  const problem = formError(error, FIELDS);
  return (
    <Dialog
      visible
      header={entry ? entry.title : `为“${scope.name}”发布政策条目`}
      width={760}
      confirmBtn={editable ? { content: entry ? '保存' : '发布', loading: saving, size: 'large' } : null}
      cancelBtn={{ content: editable ? '取消' : '关闭', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div data-testid="handbook-entry-form" className="desk-form">
        {problem && <p className="desk-error-text">{problem}</p>}
        {entry?.old && (
          <p className="desk-error-text" data-testid="handbook-entry-old">
            {HANDBOOK_OLD_LABELS[entry.old.reason]}：{entry.old.note}
          </p>
        )}
        {entry && !entry.can.edit && <p>这一条由“{entry.org.name}”发布，只有它或上级组织的管理员可以修改。</p>}
        <Field label="分类" required {...fieldError(error, 'topic')}>
          <Select
            size="large"
            disabled={!editable}
            value={draft.topic}
            onChange={(value) => set('topic', value as HandbookTopic)}
            options={optionsOf(HANDBOOK_TOPIC_LABELS)}
          />
        </Field>
        <Field label="标题" required {...fieldError(error, 'title')}>
          <Input
            size="large"
            disabled={!editable}
            value={draft.title}
            onChange={(v) => set('title', String(v))}
            data-testid="handbook-title"
          />
        </Field>
        <Field label="内容" required {...fieldError(error, 'body')}>
          <Textarea
            disabled={!editable}
            value={draft.body}
            onChange={(v) => set('body', String(v))}
            autosize={{ minRows: 5, maxRows: 14 }}
            maxlength={2000}
            placeholder="谁可以办、怎么办、带什么材料、到哪里办"
            data-testid="handbook-body"
          />
        </Field>
        <Field label="来源" required {...fieldError(error, 'source')}>
          <Input
            size="large"
            disabled={!editable}
            value={draft.source}
            onChange={(v) => set('source', String(v))}
            placeholder="发布单位和文件名，如：苏州市人社局《…的通知》"
            data-testid="handbook-source"
          />
        </Field>
        <Field label="发布日期" required {...fieldError(error, 'sourceDate')}>
          <Input
            size="large"
            disabled={!editable}
            value={draft.sourceDate}
            onChange={(v) => set('sourceDate', String(v))}
            placeholder="如：2026-06-10"
            data-testid="handbook-source-date"
          />
        </Field>
        <Field label="有效期至" {...fieldError(error, 'validUntil')}>
          <Input
            size="large"
            disabled={!editable}
            value={draft.validUntil}
            onChange={(v) => set('validUntil', String(v))}
            placeholder="不填为长期有效，如：2026-08-31"
            data-testid="handbook-valid-until"
          />
        </Field>
        <Field label="原文链接" {...fieldError(error, 'sourceUrl')}>
          <Input
            size="large"
            disabled={!editable}
            value={draft.sourceUrl}
            onChange={(v) => set('sourceUrl', String(v))}
            placeholder="https:// 开头，可不填"
            data-testid="handbook-source-url"
          />
        </Field>
        {entry && entry.can.edit && entry.old?.reason !== 'withdrawn' && (
          <div className="desk-handbook__withdraw">
            {withdrawing ? (
              <Field label="旧政策原因" required {...fieldError(error, 'note')}>
                <Input
                  size="large"
                  value={note}
                  onChange={(v) => setNote(String(v))}
                  placeholder="如：已被新政策替代"
                  data-testid="handbook-withdraw-note"
                />
                <Button
                  size="large"
                  theme="danger"
                  loading={saving}
                  onClick={() => void withdraw()}
                  data-testid="handbook-withdraw-confirm"
                >
                  确定标为旧政策
                </Button>
              </Field>
            ) : (
              <Button size="large" variant="outline" onClick={() => setWithdrawing(true)}>
                标为旧政策
              </Button>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
