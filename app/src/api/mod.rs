//! Server functions, grouped by feature. Each is a public HTTP endpoint under `/api/`: it
//! first establishes who is asking from the session and checks the role, then parses its
//! input, calls a service in `server/`, and answers through `respond` (status codes).

pub mod admin;
pub mod auth;
pub mod budget;
pub mod imports;
pub mod portal;
pub mod school;
