-- Signed webhooks (docs/webhooks.md): a job's own callback, its deliveries and their attempt log.
-- Idempotent like every migration here (applied by `supabase db push` and libs/storage migrate.ts).
-- RLS is enabled with no policies: only the server's service role / owner connection reads them.

-- The `callback_url` a job was created with, and the secret that signs its deliveries (shown
-- once, in the answer of POST /jobs or /jobs/draft).
create table if not exists job_webhooks (
  job_id     uuid primary key references jobs (id) on delete cascade,
  url        text not null,
  secret     text not null,
  created_at timestamptz not null default now()
);

-- One row per webhook message; `id` is its `webhook-id`, the same on every attempt.
create table if not exists webhook_deliveries (
  id               text primary key,
  job_id           uuid not null references jobs (id) on delete cascade,
  event            text not null,
  url              text not null,
  body             text not null,
  status           text not null default 'pending'
                   constraint webhook_deliveries_status_check
                   check (status in ('pending', 'delivered', 'failed', 'gone')),
  attempts         integer not null default 0 check (attempts >= 0),
  last_status_code integer,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);

create index if not exists webhook_deliveries_job_idx on webhook_deliveries (job_id, created_at);

drop trigger if exists webhook_deliveries_touch_updated_at on webhook_deliveries;
create trigger webhook_deliveries_touch_updated_at
  before update on webhook_deliveries
  for each row execute function remote_ocr_touch_updated_at();

-- Every attempt of a delivery: answer status (null = no answer), latency, outcome.
create table if not exists webhook_attempts (
  id          bigint generated always as identity primary key,
  delivery_id text not null references webhook_deliveries (id) on delete cascade,
  attempt     integer not null check (attempt >= 1),
  status_code integer,
  latency_ms  integer not null check (latency_ms >= 0),
  outcome     text not null
              constraint webhook_attempts_outcome_check
              check (outcome in ('delivered', 'retrying', 'failed', 'gone')),
  detail      text not null default '',
  at          timestamptz not null default now()
);

create index if not exists webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);

alter table job_webhooks enable row level security;
alter table webhook_deliveries enable row level security;
alter table webhook_attempts enable row level security;
