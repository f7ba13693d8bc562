import { useState } from 'react';
import { Dialog, MessagePlugin } from 'tdesign-react';
import type { PostView } from '../../../../server/contract';
import { type ClientError, api, deskMessage } from '../../api';
import { ROLE_LABELS, formatDateTime } from '../../lib/shared-with-phone';

/** One post as listed, and 撤销任职 with the version the list read: of two admins removing it at once, one wins. */
export function PostEndDialog({ post, onClose, onEnded }: { post: PostView; onClose: () => void; onEnded: () => void }) {
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    const result = await api.call('role.revoke', { postId: post.postId, version: post.version });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(`已撤销 ${post.holderName} 的任职`);
    onEnded();
  };
  return (
    <Dialog
      visible
      header={`${post.holderName}：${ROLE_LABELS[post.role]}`}
      width={560}
      confirmBtn={{ content: '撤销任职', theme: 'danger', loading: saving, size: 'large' }}
      cancelBtn={{ content: '关闭', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <dl className="desk-orgs__facts" data-testid="post-detail">
        <dt>所在组织</dt>
        <dd>{post.org.name}</dd>
        <dt>任职时间</dt>
        <dd>{formatDateTime(post.since)}</dd>
        <dt>任命人</dt>
        <dd>{post.grantedByName ?? '未记录'}</dd>
      </dl>
      <p>撤销后，{post.holderName}在手机上立即不能再办理这个组织的事务。</p>
      {error && <p className="desk-error-text">{deskMessage(error)}</p>}
    </Dialog>
  );
}
