//! Server-only code: state, database access per aggregate, auth and sessions, mail outbox,
//! audit trail and demo data. Compiled only with the `ssr` feature; no view code here.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod camt;
pub mod clock;
pub mod colleagues;
pub mod credit;
pub mod csv;
pub mod db;
pub mod demo;
pub mod duo;
pub mod einvoice;
pub mod holds;
pub mod imports;
pub mod ledger;
pub mod mail;
pub mod offer_image;
pub mod offer_requests;
pub mod offers;
pub mod orgs;
pub mod pain001;
pub mod passes;
pub mod payouts;
pub mod pdf;
pub mod people;
pub mod privacy;
pub mod providers;
pub mod registry;
pub mod reports;
pub mod request;
pub mod roster;
pub mod school;
pub mod staff;
pub mod state;
pub mod tabular;
pub mod testing;
pub mod weborders;
pub mod xlsx;

pub use clock::{Clock, ManualClock, SystemClock};
pub use db::{Backend, Db};
pub use state::{AppState, SellerDetails, Settings};
