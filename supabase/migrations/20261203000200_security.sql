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
