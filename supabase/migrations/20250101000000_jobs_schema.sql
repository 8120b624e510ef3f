-- Remote OCR Server schema (SPEC §2, §5). Applied by `supabase db push` and by our own migrator
-- (libs/storage migrate.ts). Written to be idempotent (IF NOT EXISTS / OR REPLACE) so running it
-- through both tools against the same database is harmless.

create table if not exists jobs (
  id            uuid primary key,
  client_id     text not null,
  document_id   text not null,
  document_name text not null,
  task_name     text not null default '',
  status        text not null
                constraint jobs_status_check
                check (status in ('draft', 'queued', 'processing', 'done', 'error', 'paused')),
  progress      double precision not null default 0
                constraint jobs_progress_check check (progress >= 0 and progress <= 1),
  engine        text not null,
  r2_prefix     text not null,
  error_message text,
  error_code    text,
  blocks_total  integer not null default 0 check (blocks_total >= 0),
  blocks_done   integer not null default 0 check (blocks_done >= 0),
  blocks_failed integer not null default 0 check (blocks_failed >= 0),
  attempts      integer not null default 0 check (attempts >= 0),
  started_at    timestamptz,
  finished_at   timestamptz,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- List queries: filtered by client and/or document, newest first with id as tiebreak.
create index if not exists jobs_client_created_idx on jobs (client_id, created_at desc, id desc);
create index if not exists jobs_document_created_idx on jobs (document_id, created_at desc, id desc);
create index if not exists jobs_created_idx on jobs (created_at desc, id desc);
create index if not exists jobs_status_idx on jobs (status);

-- updated_at is kept by the database (also on the update path of upserts) so every writer
-- (Postgres adapter, Supabase, psql) agrees on one clock.
create or replace function remote_ocr_touch_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

drop trigger if exists jobs_touch_updated_at on jobs;
create trigger jobs_touch_updated_at
  before update on jobs
  for each row execute function remote_ocr_touch_updated_at();

create table if not exists job_files (
  id         bigint generated always as identity primary key,
  job_id     uuid not null references jobs (id) on delete cascade,
  file_type  text not null
             constraint job_files_file_type_check
             check (file_type in ('pdf', 'blocks', 'annotation', 'result_md', 'result_zip', 'crop')),
  r2_key     text not null,
  file_name  text not null,
  file_size  bigint not null default 0 check (file_size >= 0),
  created_at timestamptz not null default now(),
  -- One row per stored object: re-uploading a key (restart) replaces its row.
  constraint job_files_job_key_unique unique (job_id, r2_key)
);

create index if not exists job_files_job_type_idx on job_files (job_id, file_type);

create table if not exists job_settings (
  job_id      uuid primary key references jobs (id) on delete cascade,
  text_model  text not null default '',
  table_model text not null default '',
  image_model text not null default '',
  updated_at  timestamptz not null default now()
);

-- Checkpoints: one row per finished block (or part of a split block).
create table if not exists block_results (
  job_id        uuid not null references jobs (id) on delete cascade,
  block_id      text not null,
  part          integer not null default 0 check (part >= 0),
  status        text not null constraint block_results_status_check check (status in ('done', 'failed')),
  text          text not null default '',
  error         text,
  engine        text,
  model         text,
  input_tokens  integer,
  output_tokens integer,
  updated_at    timestamptz not null default now(),
  primary key (job_id, block_id, part)
);

create index if not exists block_results_job_status_idx on block_results (job_id, status);

drop trigger if exists job_settings_touch_updated_at on job_settings;
create trigger job_settings_touch_updated_at
  before update on job_settings
  for each row execute function remote_ocr_touch_updated_at();

drop trigger if exists block_results_touch_updated_at on block_results;
create trigger block_results_touch_updated_at
  before update on block_results
  for each row execute function remote_ocr_touch_updated_at();
