//! One folder per portal (`school/`, `teacher/`, `provider/`, `admin/`), one page component
//! per screen; each folder's `mod.rs` holds the portal's navigation. A portal of one screen is
//! one file (`student.rs`); pages that more than one portal shows sit beside the folders
//! (`public.rs`, `account.rs`, and `passes.rs` for the school's and a Docent+'s classes).

pub mod account;
pub mod admin;
pub mod passes;
pub mod provider;
pub mod public;
pub mod school;
pub mod student;
pub mod teacher;
