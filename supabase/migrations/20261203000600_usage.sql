-- Usage and cost accounting, spending caps (issue 19; docs/costs.md).
-- Idempotent like every migration here; old rows keep working (null usage).

-- Each block's share of the engine call that read it.
alter table block_results add column if not exists cost_usd double precision;
alter table block_results add column if not exists pages_billed real;
alter table block_results add column if not exists wall_ms integer;

-- The usage ledger: one row per engine call, written as the call ends. Rows outlive restarts and
-- the job itself (no foreign key): they are the record of money spent, and a client key's daily
-- budget is summed from them. They hold no document content.
create table if not exists engine_usage (
  id            bigint generated always as identity primary key,
  job_id        uuid not null,
  client_id     text not null,
  engine        text not null,
  model         text,
  kind          text not null check (kind in ('strip', 'image')),
  blocks        integer not null check (blocks >= 0),
  input_tokens  integer,
  output_tokens integer,
  cost_usd      double precision,
  pages_billed  real,
  wall_ms       integer not null check (wall_ms >= 0),
  ok            boolean not null,
  created_at    timestamptz not null default now()
);
create index if not exists engine_usage_job_idx on engine_usage (job_id);
create index if not exists engine_usage_client_day_idx on engine_usage (client_id, created_at);

-- A job's spending cap (`max_cost`, USD), set on create, draft, start, restart or resume.
create table if not exists job_budgets (
  job_id     uuid primary key references jobs (id) on delete cascade,
  max_cost   double precision not null check (max_cost >= 0),
  updated_at timestamptz not null default now()
);

-- Row-level security with no policy, like every table (docs/security.md).
alter table engine_usage enable row level security;
alter table job_budgets enable row level security;

do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated'] loop
    if exists (select 1 from pg_roles where rolname = r) then
      execute format('revoke all on engine_usage, job_budgets from %I', r);
    end if;
  end loop;
end
$$;
