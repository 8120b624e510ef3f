-- Operator webhook endpoints (docs/webhooks.md): an endpoint receives the selected events of the
-- jobs of one client (or of every client), signed with its own secret. Idempotent like every
-- migration here. RLS enabled with no policies: only the server's own connection reads them.

create table if not exists webhook_endpoints (
  id                    text primary key,
  url                   text not null,
  -- The jobs' `client_id` this endpoint hears about; null = every client.
  client_id             text,
  events                text[] not null
                        constraint webhook_endpoints_events_check
                        check (cardinality(events) > 0 and events <@ array[
                          'job.done', 'job.error', 'job.paused', 'job.progress', 'job.stalled'
                        ]::text[]),
  -- `job.progress` reaches this endpoint at most once per this many seconds per job.
  progress_interval_s   integer not null default 60
                        check (progress_interval_s between 1 and 86400),
  secret                text not null,
  -- The secret before the last rotation, still signing until `previous_secret_until`.
  previous_secret       text,
  previous_secret_until timestamptz,
  -- 'api' (routes under /webhooks) or 'env' (WEBHOOK_ENDPOINTS, read-only over HTTP).
  source                text not null default 'api'
                        constraint webhook_endpoints_source_check check (source in ('api', 'env')),
  -- Set when the receiver answered 410 Gone; nothing is sent while it is set.
  disabled_at           timestamptz,
  disabled_reason       text,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now()
);

create index if not exists webhook_endpoints_client_idx on webhook_endpoints (client_id);

drop trigger if exists webhook_endpoints_touch_updated_at on webhook_endpoints;
create trigger webhook_endpoints_touch_updated_at
  before update on webhook_endpoints
  for each row execute function remote_ocr_touch_updated_at();

alter table webhook_endpoints enable row level security;
