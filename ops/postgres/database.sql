-- The central store's database and its two roles (run as a superuser, connected to any database).
-- psql variables: db (database name), writer_password, auditor_password (empty: no password, for peer/trust auth).
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT 'CREATE ROLE esha_writer LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'esha_writer') \gexec
SELECT 'CREATE ROLE esha_auditor LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'esha_auditor') \gexec
SELECT format('ALTER ROLE esha_writer PASSWORD %L', :'writer_password') WHERE :'writer_password' <> '' \gexec
SELECT format('ALTER ROLE esha_auditor PASSWORD %L', :'auditor_password') WHERE :'auditor_password' <> '' \gexec
-- Marten's quick append stores now() at time zone 'utc': keep the roles' sessions in UTC.
ALTER ROLE esha_writer SET timezone = 'UTC';
ALTER ROLE esha_auditor SET timezone = 'UTC';
