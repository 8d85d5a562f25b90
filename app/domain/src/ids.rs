//! Id newtypes: a `LocationId` can never be passed where a `ProviderId` is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A school board (bevoegd gezag) with its BRIN code.
    InstitutionId,
    /// A school location (vestiging) of an institution.
    LocationId,
    /// A cultural provider (aanbieder).
    ProviderId,
    /// A person with an account: student, teacher, budget holder, provider user or operator.
    PersonId,
    /// A mail in the outbox.
    MailId,
);
