-- Which expiry warnings (30 and 7 days before a period ends) went to which location, so
-- each is sent once however many instances run the job.
CREATE TABLE expiry_warnings (
    period_id BIGINT NOT NULL REFERENCES programme_periods(id),
    location_id BIGINT NOT NULL REFERENCES locations(id),
    days_before BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (period_id, location_id, days_before)
);
