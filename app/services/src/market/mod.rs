//! The marketplace: offers and the catalogue search, offer pictures, requests from a Docent+,
//! providers (sign-up, vetting, bank accounts), weborders, and payouts with their SEPA file.

pub mod approvals;
pub mod offer_image;
pub mod offer_requests;
pub mod offers;
pub mod pain001;
pub mod payouts;
pub mod providers;
pub mod weborders;
