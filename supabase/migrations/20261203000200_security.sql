-- Security hardening (issue 14; docs/security.md).
--
-- Block statistics of a job (`GET /jobs/{id}/details`), stored once when its blocks are
-- accepted (create, draft, restart with new blocks) instead of re-reading and re-validating
-- blocks.json on every call (a 20,000-block file took 363 ms of synchronous work per call).
create table if not exists job_block_stats (
  job_id       uuid primary key references jobs (id) on delete cascade,
  total        integer not null check (total >= 0),
  text_count   integer not null check (text_count >= 0),
  table_count  integer not null check (table_count >= 0),
  image_count  integer not null check (image_count >= 0),
  updated_at   timestamptz not null default now()
);

-- Run fencing: a worker's writes carry the run they belong to (`run_attempt` = the job's
-- `attempts` when the run claimed it; every claim increments it). A write whose run is no longer
-- the job's current one — the job was restarted, paused, deleted or taken over since — is
-- refused here, in the database, whichever store or process sends it; the worker then removes
-- the object it uploaded. Rows written by the api (`run_attempt` null) are not fenced. The job
-- row is locked FOR SHARE, so a concurrent restart or delete waits for the write, or the write
-- sees the new state: never both.
alter table block_results add column if not exists run_attempt integer;
alter table job_files add column if not exists run_attempt integer;

create or replace function remote_ocr_fence_run() returns trigger
language plpgsql as $$
begin
  if new.run_attempt is null then
    return new;
  end if;
  perform 1 from jobs
   where id = new.job_id and attempts = new.run_attempt and status = 'processing'
   for share;
  if not found then
    raise exception 'remote_ocr_stale_run: job % is no longer in run %', new.job_id, new.run_attempt
      using errcode = 'RO409';
  end if;
  return new;
end
$$;

drop trigger if exists block_results_fence_run on block_results;
create trigger block_results_fence_run
  before insert or update on block_results
  for each row execute function remote_ocr_fence_run();

drop trigger if exists job_files_fence_run on job_files;
create trigger job_files_fence_run
  before insert or update on job_files
  for each row execute function remote_ocr_fence_run();

-- Row-level security on every table of the schema, with no policy for the `anon` or
-- `authenticated` roles: a Supabase project's anon key can then read and write nothing through
-- PostgREST. The server connects with the service role (Supabase) or as the tables' owner
-- (plain Postgres), and both bypass RLS, so the server itself is unaffected.
do $$
declare
  t record;
begin
  for t in
    select c.relname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
  loop
    execute format('alter table public.%I enable row level security', t.relname);
  end loop;
end
$$;

-- Belt and braces on Supabase: the API roles hold no table privileges either (plain Postgres has
-- no such roles, so this does nothing there).
do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated'] loop
    if exists (select 1 from pg_roles where rolname = r) then
      execute format('revoke all on all tables in schema public from %I', r);
      execute format('revoke all on all sequences in schema public from %I', r);
      execute format('alter default privileges in schema public revoke all on tables from %I', r);
    end if;
  end loop;
end
$$;
