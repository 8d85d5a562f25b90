-- A provider invites a colleague whose address already has an account: the role waits for
-- that person to accept (or decline). Until then the provider sees only what they typed;
-- the account's own name and address are not shown, nor whether the account exists.
CREATE TABLE colleague_invitations (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    -- What the inviting provider typed: all it sees until the person accepts.
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    invited_by BIGINT NOT NULL REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
-- One open invitation per provider and person.
CREATE UNIQUE INDEX colleague_invitations_open ON colleague_invitations(provider_id, person_id) WHERE status = 'pending';
CREATE INDEX colleague_invitations_person ON colleague_invitations(person_id, status);
CREATE INDEX colleague_invitations_provider ON colleague_invitations(provider_id, status);
