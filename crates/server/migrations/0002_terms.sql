-- Terms documents, their immutable published versions, the append-only history of
-- acceptances, requests to accept again, service notices and their dismissals.
CREATE TABLE terms_documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    compulsory INTEGER NOT NULL,
    -- JSON of arkki_api::terms::Audience
    audience TEXT NOT NULL DEFAULT '{"kind":"everyone"}',
    -- Comma-separated locales every version must be written in before publishing.
    languages TEXT NOT NULL DEFAULT 'fi,sv,en',
    created_at INTEGER NOT NULL
);

CREATE TABLE terms_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES terms_documents(id),
    -- NULL while a draft; set once, at publishing.
    effective_at INTEGER,
    published_at INTEGER,
    material INTEGER NOT NULL DEFAULT 1,
    retired_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX terms_versions_document ON terms_versions(document_id);

CREATE TABLE terms_texts (
    version_id INTEGER NOT NULL REFERENCES terms_versions(id),
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (version_id, locale)
);

-- Once published, a version's texts never change.
CREATE TRIGGER terms_texts_immutable_update BEFORE UPDATE ON terms_texts
WHEN (SELECT published_at FROM terms_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'published terms are immutable'); END;
CREATE TRIGGER terms_texts_immutable_delete BEFORE DELETE ON terms_texts
WHEN (SELECT published_at FROM terms_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'published terms are immutable'); END;
CREATE TRIGGER terms_texts_immutable_insert BEFORE INSERT ON terms_texts
WHEN (SELECT published_at FROM terms_versions WHERE id = NEW.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'published terms are immutable'); END;
-- A published version may only be retired.
CREATE TRIGGER terms_versions_immutable BEFORE UPDATE ON terms_versions
WHEN OLD.published_at IS NOT NULL AND (
    NEW.effective_at IS NOT OLD.effective_at OR NEW.published_at IS NOT OLD.published_at
    OR NEW.material IS NOT OLD.material OR NEW.document_id IS NOT OLD.document_id)
BEGIN SELECT RAISE(ABORT, 'published terms are immutable'); END;

CREATE TABLE terms_events (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    acting_user_id INTEGER NOT NULL REFERENCES users(id),
    document_id INTEGER NOT NULL REFERENCES terms_documents(id),
    version_id INTEGER NOT NULL REFERENCES terms_versions(id),
    kind TEXT NOT NULL CHECK (kind IN ('accepted', 'declined', 'withdrawn', 'accepted_on_behalf')),
    locale TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    at INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip_address TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX terms_events_user ON terms_events(user_id, document_id, at);
CREATE INDEX terms_events_version ON terms_events(version_id);

-- The history is append-only: nothing rewrites or removes proof.
CREATE TRIGGER terms_events_append_only_update BEFORE UPDATE ON terms_events
BEGIN SELECT RAISE(ABORT, 'terms events are append-only'); END;
CREATE TRIGGER terms_events_append_only_delete BEFORE DELETE ON terms_events
WHEN (SELECT value FROM settings WHERE key = 'terms_retention_purge') IS NULL
BEGIN SELECT RAISE(ABORT, 'terms events are append-only'); END;

-- Operational settings; the retention purge sets a flag for its own transaction only.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE terms_reacceptance (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES terms_documents(id),
    audience TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id)
);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('information', 'maintenance')),
    audience TEXT NOT NULL DEFAULT '{"kind":"everyone"}',
    -- JSON object locale -> text
    texts TEXT NOT NULL,
    starts_at INTEGER,
    ends_at INTEGER,
    published_at INTEGER NOT NULL
);

CREATE TABLE notice_dismissals (
    user_id INTEGER NOT NULL REFERENCES users(id),
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    at INTEGER NOT NULL,
    PRIMARY KEY (user_id, notice_id)
);

CREATE TABLE account_deletion_requests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    requested_at INTEGER NOT NULL
);
