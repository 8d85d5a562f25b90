-- School onboarding (the board's decision, invoice details, contact persons), invoices that
-- keep the buyer's details as issued, credit notes, mail attachments, uploads held between a
-- preview and its confirmation, and DUO count imports with their history.

CREATE TABLE location_profiles (
    location_id BIGINT PRIMARY KEY REFERENCES locations(id),
    taking_part BIGINT NOT NULL CHECK (taking_part IN (0, 1)),
    contribution_cents BIGINT NOT NULL CHECK (contribution_cents >= 0),
    decision_date TEXT NOT NULL,
    invoice_addressee TEXT NOT NULL,
    invoice_street TEXT NOT NULL,
    invoice_postcode TEXT NOT NULL,
    invoice_city TEXT NOT NULL,
    invoice_email TEXT NOT NULL,
    po_reference TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES people(id)
);

CREATE TABLE location_contacts (
    id INTEGER PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    role TEXT NOT NULL CHECK (role IN ('board', 'budget_holder', 'finance', 'culture', 'ict')),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX location_contacts_location ON location_contacts(location_id, id);

-- The buyer as invoiced: an invoice never changes when the school's details do.
ALTER TABLE invoices ADD COLUMN buyer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN buyer_location TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN buyer_street TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN buyer_postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN buyer_city TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN buyer_kvk TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN buyer_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN po_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN sent_to TEXT NOT NULL DEFAULT '';
UPDATE invoices SET
    buyer_name = (SELECT inst.name FROM locations l JOIN institutions inst ON inst.id = l.institution_id WHERE l.id = invoices.location_id),
    buyer_location = (SELECT l.name FROM locations l WHERE l.id = invoices.location_id),
    buyer_street = (SELECT l.street FROM locations l WHERE l.id = invoices.location_id),
    buyer_postcode = (SELECT l.postcode FROM locations l WHERE l.id = invoices.location_id),
    buyer_city = (SELECT l.city FROM locations l WHERE l.id = invoices.location_id),
    buyer_kvk = (SELECT inst.kvk_number FROM locations l JOIN institutions inst ON inst.id = l.institution_id WHERE l.id = invoices.location_id),
    buyer_reference = (SELECT l.cjp_school_number FROM locations l WHERE l.id = invoices.location_id);

-- Credit notes: the only correction of an invoice. Numbered gap-free per year in their own series.
CREATE TABLE credit_note_sequences (
    year BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);
CREATE TABLE credit_notes (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    invoice_id BIGINT NOT NULL UNIQUE REFERENCES invoices(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    reason TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
-- A credited order no longer counts as the location's open order for its period.
ALTER TABLE budget_orders ADD COLUMN cancelled_at BIGINT;
DROP INDEX budget_orders_one_open;
CREATE UNIQUE INDEX budget_orders_one_open ON budget_orders(location_id, period_id)
    WHERE status IN ('submitted', 'approved') AND cancelled_at IS NULL;

CREATE TABLE outbox_attachments (
    id INTEGER PRIMARY KEY,
    mail_id BIGINT NOT NULL REFERENCES outbox_mail(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content_base64 TEXT NOT NULL
);
CREATE INDEX outbox_attachments_mail ON outbox_attachments(mail_id, id);

-- An upload between its preview and the operator's confirmation; removed after a day.
CREATE TABLE staged_uploads (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('registry', 'duo')),
    filename TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id)
);
CREATE INDEX staged_uploads_created ON staged_uploads(created_at);

-- The last column mapping the operator confirmed per kind of file.
CREATE TABLE import_mappings (
    kind TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE duo_imports (
    id INTEGER PRIMARY KEY,
    school_year TEXT NOT NULL,
    filename TEXT NOT NULL,
    mapping TEXT NOT NULL,
    rows_read BIGINT NOT NULL,
    masked_rows BIGINT NOT NULL,
    locations BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id)
);
ALTER TABLE student_counts ADD COLUMN import_id BIGINT REFERENCES duo_imports(id);
ALTER TABLE student_counts ADD COLUMN masked_rows BIGINT NOT NULL DEFAULT 0;
