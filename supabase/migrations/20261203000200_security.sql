-- Security hardening (issue 14; docs/security.md).
--
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
