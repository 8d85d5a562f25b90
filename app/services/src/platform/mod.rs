//! What every feature stands on: the database and its row decoding, the shared state and
//! settings, the clock, error mapping, the audit trail, the mail outbox, single-use tokens,
//! attempt throttling, QR codes and the approval queue. These are leaves: none of them uses a
//! feature folder.

pub mod approval_queue;
pub mod audit;
pub mod clock;
pub mod db;
pub mod mail;
pub mod qr;
pub mod state;
pub mod throttle;
pub mod tokens;
