-- How each block result was read, its flags and its confidence (docs/confidence.md).
-- Idempotent like every migration here: safe to apply again, and old rows keep working
-- (null method and confidence, no flags: results written before this migration).

alter table block_results add column if not exists read_method text;
alter table block_results add column if not exists flags text[] not null default '{}';
alter table block_results add column if not exists confidence real;

do $$
begin
  if not exists (
    select 1 from pg_constraint where conname = 'block_results_confidence_check'
  ) then
    alter table block_results
      add constraint block_results_confidence_check
      check (confidence is null or (confidence >= 0 and confidence <= 1));
  end if;
end $$;

-- `GET /jobs/{id}/blocks?flag=…` filters on flags within one job.
create index if not exists block_results_job_flags_idx on block_results using gin (flags);
