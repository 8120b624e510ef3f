import { jobListItem, type JobRecord } from '@remote-ocr/contracts';
import { createdView, detailsView, jobView } from './job-views.js';

const job = (over: Partial<JobRecord> = {}): JobRecord => ({
  id: '0b7d6a2e-3c1f-4f7e-9a51-2b9c1d0e4f11',
  clientId: 'c1',
  documentId: 'a'.repeat(64),
  documentName: 'doc.pdf',
  taskName: 'task',
  status: 'queued',
  progress: 0,
  engine: 'local',
  r2Prefix: 'ocr_jobs/0b7d6a2e-3c1f-4f7e-9a51-2b9c1d0e4f11',
  errorMessage: null,
  errorCode: null,
  blocksTotal: 10,
  blocksDone: 0,
  blocksFailed: 0,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  updatedAt: new Date('2026-01-02T03:04:06.000Z'),
  ...over,
});

describe('job views (docs/contract.md §2 shapes)', () => {
  it('lists with exactly the contract fields plus our extras', () => {
    expect(Object.keys(jobListItem(job())).sort()).toEqual(
      [
        'id',
        'status',
        'progress',
        'document_name',
        'task_name',
        'document_id',
        'created_at',
        'updated_at',
        'error_message',
        'blocks_total',
        'blocks_done',
        'blocks_failed',
        'eta_seconds',
      ].sort(),
    );
    expect(jobListItem(job()).created_at).toBe('2026-01-02T03:04:05.678Z');
  });

  it('renders one job with its prefix and engine', () => {
    expect(jobView(job())).toMatchObject({
      client_id: 'c1',
      engine: 'local',
      r2_prefix: job().r2Prefix,
      error_message: null,
    });
  });

  it('estimates the time left of a running job', () => {
    const started = new Date(Date.now() - 60_000);
    expect(
      jobView(job({ status: 'processing', progress: 0.5, startedAt: started })).eta_seconds,
    ).toBeGreaterThanOrEqual(59);
    expect(jobView(job({ status: 'done', progress: 1 })).eta_seconds).toBeNull();
  });

  it('adds r2_prefix to a created draft only', () => {
    expect(createdView(job())).not.toHaveProperty('r2_prefix');
    expect(createdView(job({ status: 'draft' }))).toHaveProperty('r2_prefix', job().r2Prefix);
  });

  it('lists files relative to the prefix with icons, and the public base', () => {
    const files = [
      {
        jobId: job().id,
        fileType: 'pdf' as const,
        objectKey: `${job().r2Prefix}/document.pdf`,
        fileName: 'document.pdf',
        fileSize: 5,
        createdAt: new Date(),
      },
      {
        jobId: job().id,
        fileType: 'crop' as const,
        objectKey: `${job().r2Prefix}/crops/image_x.pdf`,
        fileName: 'image_x.pdf',
        fileSize: 7,
        createdAt: new Date(),
      },
    ];
    const stats = { total: 3, text: 1, table: 1, image: 1, grouped: 2 };
    const view = detailsView(job(), stats, null, files, 'https://files.example.com/');
    expect(view.job_settings).toEqual({});
    expect(view.r2_base_url).toBe(`https://files.example.com/${job().r2Prefix}`);
    expect(view.r2_files.map((f) => [f.path, f.icon])).toEqual([
      ['document.pdf', '📄'],
      ['crops/image_x.pdf', '🖼️'],
    ]);
    expect(detailsView(job(), stats, null, [], null).r2_base_url).toBeNull();
  });
});
