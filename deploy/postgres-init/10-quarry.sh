#!/bin/sh
# Run once by the postgres image when its data volume is new: Quarry's own role and database
# for remembered words (VOCABULARY_URL), apart from Temporal's. The password comes in on the
# environment and goes to psql on stdin, never in a process's arguments.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE quarry LOGIN PASSWORD '${QUARRY_DB_PASSWORD}';
CREATE DATABASE quarry OWNER quarry;
SQL
