-- Passes: each location's roster of students and staff, their CJP pass, and roster uploads.

-- The personal fields a location delivers beyond the minimum (name, e-mail, role, class):
-- a comma-separated list of field codes, empty for none.
CREATE TABLE roster_fields (
    location_id BIGINT PRIMARY KEY REFERENCES locations(id),
    fields TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES people(id)
);

-- The next pass serial; pass numbers are a permutation of it with a check digit.
CREATE TABLE pass_sequence (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    next_serial BIGINT NOT NULL
);
INSERT INTO pass_sequence (id, next_serial) VALUES (1, 1);

-- A student or staff member on a location's roster, with their pass. A leaver keeps the row
-- (and the account) without the school's data fields.
CREATE TABLE passes (
    id INTEGER PRIMARY KEY,
    pass_number TEXT NOT NULL UNIQUE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    location_id BIGINT NOT NULL REFERENCES locations(id),
    kind TEXT NOT NULL CHECK (kind IN ('student', 'staff')),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    -- A student's class; a staff member's classes, comma-separated.
    class_name TEXT NOT NULL,
    student_number TEXT,
    date_of_birth TEXT,
    phone TEXT,
    programme TEXT,
    status TEXT NOT NULL CHECK (status IN ('not_invited', 'invited', 'active', 'blocked', 'expired')),
    invited_at BIGINT,
    activated_at BIGINT,
    left_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (location_id, person_id)
);
CREATE UNIQUE INDEX passes_student_number ON passes(location_id, student_number) WHERE student_number IS NOT NULL;
CREATE INDEX passes_location_class ON passes(location_id, class_name, status);
CREATE INDEX passes_person ON passes(person_id);

-- A roster file between its preview and the budget holder's confirmation, and after it the
-- record of what it changed. The content is the file as a table, in CSV; a file that could
-- not be read has the reason instead.
CREATE TABLE roster_uploads (
    id INTEGER PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    filename TEXT NOT NULL,
    content TEXT NOT NULL,
    problem TEXT,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id),
    committed_at BIGINT,
    created_count BIGINT,
    updated_count BIGINT,
    leaver_count BIGINT
);
CREATE INDEX roster_uploads_location ON roster_uploads(location_id, id);
