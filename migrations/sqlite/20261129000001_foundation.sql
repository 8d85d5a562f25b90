-- Organisations, people, roles, sessions, tokens, throttling, mail outbox and audit trail.
-- Times are UTC milliseconds since the Unix epoch; flags and money are integers.

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    brin TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    vestiging_number TEXT NOT NULL,
    name TEXT NOT NULL,
    street TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    cjp_school_number TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    UNIQUE (institution_id, vestiging_number)
);
CREATE INDEX locations_institution ON locations(institution_id);

CREATE TABLE providers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kvk_number TEXT NOT NULL UNIQUE,
    city TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE role_assignments (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('platform_admin', 'board', 'budget_holder', 'teacher_plus', 'teacher', 'student', 'provider')),
    scope_key TEXT NOT NULL,
    institution_id BIGINT REFERENCES institutions(id),
    location_id BIGINT REFERENCES locations(id),
    provider_id BIGINT REFERENCES providers(id),
    created_at BIGINT NOT NULL,
    UNIQUE (person_id, role, scope_key)
);
CREATE INDEX role_assignments_location ON role_assignments(location_id, role);
CREATE INDEX role_assignments_provider ON role_assignments(provider_id);
CREATE INDEX role_assignments_institution ON role_assignments(institution_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE auth_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX auth_tokens_person ON auth_tokens(person_id, purpose);

CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL
);

CREATE TABLE outbox_mail (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_mail_unsent ON outbox_mail(sent_at, id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_person_id BIGINT,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id BIGINT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id);

-- The audit trail is append-only: history is never edited, only added to.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
