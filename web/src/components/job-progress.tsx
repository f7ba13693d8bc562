import { useEffect, useState } from 'react';
import { Progress } from 'tdesign-react';
import type { JobRequestView } from '../../../server/contract/jobs';
import { api, deskMessage } from '../api';
import { formatDateTime } from '../lib/shared-with-phone';

/** How often a running job is asked again; the jobs function picks requested work up within seconds locally, a minute in the cloud. */
export const JOB_POLL_MS = 2000;

const STATUS_TEXT: Record<JobRequestView['status'], string> = {
  queued: '排队中，马上开始',
  running: '正在进行',
  done: '已完成',
  failed: '没有完成',
};

/**
 * Follows one on-demand job (`job.get`) until it is done or failed: its status in words, a bar
 * when the total is known, and the reason when it failed. `onFinished` is told once.
 */
export function JobProgress({
  jobId,
  title,
  onFinished,
}: {
  jobId: string;
  title: string;
  onFinished?: (job: JobRequestView) => void;
}) {
  const [job, setJob] = useState<JobRequestView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const result = await api.call('job.get', { jobId });
      if (stopped) return;
      if (!result.ok) {
        setProblem(deskMessage(result.error));
      } else {
        setProblem(null);
        setJob(result.data);
        if (result.data.status === 'done' || result.data.status === 'failed') {
          onFinished?.(result.data);
          return;
        }
      }
      timer = setTimeout(() => void poll(), JOB_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // onFinished is the caller's; a new one must not restart the polling.
  }, [jobId]);

  const percent = job && job.total ? Math.min(100, Math.round((job.processed / job.total) * 100)) : null;
  return (
    <div className="desk-job" data-job-status={job?.status ?? 'unknown'}>
      <p className="desk-job__title">
        {title}：{job ? STATUS_TEXT[job.status] : '正在查询进度…'}
      </p>
      {job && job.status !== 'failed' && (
        <Progress
          theme="line"
          size="large"
          percentage={job.status === 'done' ? 100 : (percent ?? 0)}
          status={job.status === 'done' ? 'success' : 'active'}
          label={percent !== null || job.status === 'done'}
        />
      )}
      {job && (
        <p className="desk-job__detail">
          已处理 {job.processed}
          {job.total !== null ? ` / ${job.total}` : ''} 项{job.finishedAt ? `，${formatDateTime(job.finishedAt)} 结束` : ''}
        </p>
      )}
      {job?.status === 'failed' && <p className="desk-error-text">{job.error ?? '任务失败，请稍后再试'}</p>}
      {job?.status !== 'failed' && job?.error && (
        <p className="desk-job__detail">上一次尝试没有成功：{job.error}；系统会自动重试</p>
      )}
      {problem && <p className="desk-error-text">{problem}</p>}
    </div>
  );
}
