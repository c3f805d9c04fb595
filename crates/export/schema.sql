-- roadmap export: tables for acts.csv, documents.csv and actions.csv (PostgreSQL 12 or later).
--
-- Load, from the export folder:
--   psql -v ON_ERROR_STOP=1 -f schema.sql
--   psql -c "\copy acts FROM 'acts.csv' WITH (FORMAT csv, HEADER true)"
--   psql -c "\copy documents FROM 'documents.csv' WITH (FORMAT csv, HEADER true)"
--   psql -c "\copy actions FROM 'actions.csv' WITH (FORMAT csv, HEADER true)"
--
-- An empty CSV field is NULL. Dates are ISO (YYYY-MM-DD). `parties` and `milestones` are
-- PostgreSQL array literals ({"…","…"}); `party_kinds` gives the kind of each party in the
-- order of `parties` (person, post, organization, body, or NULL). `corrected` lists the fields a
-- reviewer's correction changed (`roadmap export --corrections`; the values read are kept in the
-- canonical files), `verdict` is a reviewer's mark on the row (right, wrong, or NULL). `plan_period` is «2021» or
-- the school year «2021/2022», from `plan_start` to `plan_end`. An act is what its renditions
-- (DOCX, PDF, XLSX …) share: `act_key`; `acts.document_key` is the rendition whose actions are
-- exported (all renditions' with --all-renditions). `document_key` is the SHA-256
-- of the source file: the same file exported twice is one document. `action_key` is an
-- action's identity within its act, the same in every rendition and every run. Columns added in
-- later versions come last, so loaders that read by position keep working, and are added to
-- tables an earlier schema.sql made (the ALTER TABLE statements below). merge.sql runs this file
-- and merges an export into the tables so that loading it twice changes no row.

CREATE TABLE IF NOT EXISTS acts (
    act_key      text PRIMARY KEY,
    kind         text NOT NULL,
    region_iso   text,
    region       text,
    number       text,
    date         date,
    plan_title   text,
    plan_year    integer,
    renditions   integer NOT NULL,
    formats      text[] NOT NULL,
    document_key text NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    document_key text PRIMARY KEY,
    path         text NOT NULL,
    format       text NOT NULL,
    sha256       text NOT NULL,
    bytes        bigint NOT NULL,
    pages        integer,
    kind         text NOT NULL,
    authority    text,
    region       text,
    region_iso   text,
    number       text,
    date         date,
    place        text,
    title        text,
    signatory    text,
    plan_title   text,
    plan_year    integer,
    actions      integer NOT NULL,
    plan_period  text,
    plan_start   date,
    plan_end     date,
    act_key      text REFERENCES acts (act_key)
);

CREATE TABLE IF NOT EXISTS actions (
    document_key   text NOT NULL REFERENCES documents (document_key),
    seq            integer NOT NULL,
    region_iso     text,
    region         text,
    year           integer,
    number         text,
    section_number text,
    section_title  text,
    action         text NOT NULL,
    deadline_raw   text,
    deadline_kind  text NOT NULL,
    deadline_start date,
    deadline_end   date,
    responsible    text,
    parties        text[] NOT NULL,
    result         text,
    milestones     text[] NOT NULL,
    party_kinds    text[] NOT NULL,
    act_key        text REFERENCES acts (act_key),
    action_key     text NOT NULL,
    corrected      text[] NOT NULL,
    verdict        text,
    PRIMARY KEY (document_key, seq)
);

-- columns added since the first version, for tables made by an earlier schema.sql (quietly:
-- ADD COLUMN IF NOT EXISTS would print a notice for every table made just above)
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'actions' AND column_name = 'action_key') THEN
        ALTER TABLE actions ADD COLUMN action_key text;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'actions' AND column_name = 'corrected') THEN
        ALTER TABLE actions ADD COLUMN corrected text[] NOT NULL DEFAULT '{}';
        ALTER TABLE actions ADD COLUMN verdict text;
    END IF;
END
$$;

CREATE INDEX IF NOT EXISTS actions_region_iso ON actions (region_iso);
CREATE INDEX IF NOT EXISTS actions_milestones ON actions USING gin (milestones);
CREATE INDEX IF NOT EXISTS actions_act_key ON actions (act_key);
CREATE UNIQUE INDEX IF NOT EXISTS actions_action_key ON actions (document_key, action_key);
CREATE INDEX IF NOT EXISTS documents_act_key ON documents (act_key);
