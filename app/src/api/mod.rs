//! Server functions, grouped by feature. Each is a public HTTP endpoint under `/api/`: it
//! first establishes who is asking from the session and checks the role, then parses its
//! input, calls a service of the `services` crate, and answers through `respond` (status codes).

pub mod account;
pub mod admin;
pub mod auth;
pub mod budget;
pub mod catalogue;
pub mod credit;
pub mod imports;
pub mod market_admin;
pub mod passes;
pub mod portal;
pub mod provider;
pub mod school;
pub mod weborders;

/// Largest body of a form or JSON request to a server function.
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Largest body of an offer picture upload (the picture itself may be 5 MiB).
pub const MAX_IMAGE_UPLOAD_BYTES: usize = 6 * 1024 * 1024;

/// The server functions that take a `multipart/form-data` upload, with the largest body each
/// accepts. The HTTP layer reads this table for their body limits, and answers 400 to a
/// request for one of them that is not multipart with a boundary (the multipart decoder
/// cannot read it); a test posts every kind of body to every server function.
pub const UPLOADS: [(&str, usize); 4] = [
    ("/api/provider/offer_image", MAX_IMAGE_UPLOAD_BYTES),
    ("/api/school/stage_roster", passes::MAX_ROSTER_UPLOAD_BYTES),
    ("/api/admin/stage_upload", MAX_FORM_BYTES),
    ("/api/admin/import_statement", MAX_FORM_BYTES),
];
