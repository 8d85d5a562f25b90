//! Server functions, grouped by feature. Each is a public HTTP endpoint under `/api/`: it
//! first establishes who is asking from the session and checks the role, then parses its
//! input, calls a service in `server/`, and answers through `respond` (status codes).

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
