//! One folder per portal, one page component per screen.

pub mod account;
pub mod admin;
pub mod admin_budget;
pub mod admin_imports;
pub mod admin_market;
pub mod budget;
pub mod catalogue;
pub mod counter;
pub mod passes;
pub mod provider_market;
pub mod public;
pub mod school;
pub mod school_teachers;
pub mod school_weborders;
pub mod student;
pub mod teacher;
