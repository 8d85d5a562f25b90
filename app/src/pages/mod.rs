//! One folder per portal, one page component per screen.

pub mod admin;
pub mod admin_budget;
pub mod admin_imports;
pub mod budget;
pub mod provider;
pub mod public;
pub mod school;
pub mod student;
pub mod teacher;
