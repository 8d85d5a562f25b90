//! Wasm-safe shared types and pure rules. Nothing here touches I/O: the same types travel
//! between server functions and the hydrated frontend.

pub mod address;
pub mod budget;
pub mod credit;
pub mod email;
pub mod error;
#[cfg(feature = "server")]
pub mod failure;
pub mod iban;
pub mod ids;
pub mod imports;
pub mod money;
pub mod offer;
pub mod offer_request;
pub mod page;
pub mod password;
pub mod provider;
pub mod records;
pub mod report;
pub mod role;
pub mod roster;
pub mod school;
pub mod time;
pub mod user;
pub mod weborder;

pub use email::Email;
pub use error::{AppError, Problem};
pub use ids::*;
pub use money::Money;
pub use page::{Page, PageRequest};
pub use role::{Portal, Role, Scope};
pub use user::{CurrentUser, RoleAssignment};
