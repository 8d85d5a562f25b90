//! Wasm-safe shared types and pure rules. Nothing here touches I/O: the same types travel
//! between server functions and the hydrated frontend.

/// An enum of stored codes: `code()`, `from_code()` and `ALL`, and a serde form that is the
/// code (snake_case of the variant; `tests/codes.rs` checks each).
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            /// Every value, in the order forms list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// Reads a stored code.
            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code.trim())
            }
        }
    };
}

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
