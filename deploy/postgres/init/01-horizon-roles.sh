#!/bin/sh
# First start of the compose stack's PostgreSQL (profile "postgres"): the roles and schema of
# deploy/postgres/roles.sql, with the passwords from deploy/.env. The postgres image runs this
# once, as its superuser, in the database POSTGRES_DB; nothing here runs again on later starts.
set -eu

: "${HORIZON_POSTGRES_OWNER_PASSWORD:?set HORIZON_POSTGRES_OWNER_PASSWORD in deploy/.env}"
: "${HORIZON_AUDIT_POSTGRES_PASSWORD:?set HORIZON_AUDIT_POSTGRES_PASSWORD in deploy/.env}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f /horizon/roles.sql
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_password="$HORIZON_POSTGRES_OWNER_PASSWORD" -v writer_password="$HORIZON_AUDIT_POSTGRES_PASSWORD" <<'SQL'
ALTER ROLE horizon_owner PASSWORD :'owner_password';
ALTER ROLE horizon_writer PASSWORD :'writer_password';
SQL
# The retention role (audit enforce-retention --postgres) only when a password is given; else set it later.
if [ -n "${HORIZON_POSTGRES_RETENTION_PASSWORD:-}" ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
        -v retention_password="$HORIZON_POSTGRES_RETENTION_PASSWORD" <<'SQL'
ALTER ROLE horizon_retention PASSWORD :'retention_password';
SQL
fi
