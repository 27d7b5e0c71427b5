#!/bin/sh
# Run once by the postgres image when its data volume is new: Quarry's own role and database
# for remembered words (VOCABULARY_URL), apart from Temporal's. The password comes in on the
# environment and is read by psql itself (\getenv, quoted by :'pw'), never in a command line
# or spliced into SQL text. On a volume made before this script existed, run the same
# statements once by hand (README, Production).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
\getenv pw QUARRY_DB_PASSWORD
CREATE ROLE quarry LOGIN PASSWORD :'pw';
CREATE DATABASE quarry OWNER quarry;
SQL
