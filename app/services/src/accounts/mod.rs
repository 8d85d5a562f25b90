//! People and organisations: accounts, sessions and passwords, roles, institutions and their
//! locations, a location's teachers and Docent+, a provider's colleagues and API keys, and a
//! person's own data (export and erasure).

pub mod api_keys;
pub mod auth;
pub mod colleagues;
pub mod orgs;
pub mod people;
pub mod privacy;
pub mod staff;
