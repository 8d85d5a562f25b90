//! Roles, the places they apply to, and the portal each role works in.

use super::ids::{InstitutionId, LocationId, ProviderId};
use serde::{Deserialize, Serialize};

/// What a person may do, as in PRODUCT.md's table of people and roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    Board,
    BudgetHolder,
    TeacherPlus,
    Teacher,
    Student,
    Provider,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 7] =
        [Role::PlatformAdmin, Role::Board, Role::BudgetHolder, Role::TeacherPlus, Role::Teacher, Role::Student, Role::Provider];

    /// The code name stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::Board => "board",
            Role::BudgetHolder => "budget_holder",
            Role::TeacherPlus => "teacher_plus",
            Role::Teacher => "teacher",
            Role::Student => "student",
            Role::Provider => "provider",
        }
    }

    /// Reads a stored code name.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The portal this role works in.
    pub fn portal(self) -> Portal {
        match self {
            Role::PlatformAdmin => Portal::Admin,
            Role::Board | Role::BudgetHolder => Portal::School,
            Role::TeacherPlus | Role::Teacher => Portal::Teacher,
            Role::Student => Portal::Student,
            Role::Provider => Portal::Provider,
        }
    }

    /// True when a role assignment with this scope makes sense for the role: operators act
    /// platform-wide, boards for an institution, providers for a provider, the rest per location.
    pub fn accepts_scope(self, scope: &Scope) -> bool {
        matches!(
            (self, scope),
            (Role::PlatformAdmin, Scope::Platform)
                | (Role::Board, Scope::Institution(_))
                | (Role::BudgetHolder | Role::TeacherPlus | Role::Teacher | Role::Student, Scope::Location(_))
                | (Role::Provider, Scope::Provider(_))
        )
    }
}

/// Where a role assignment applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Scope {
    Platform,
    Institution(InstitutionId),
    Location(LocationId),
    Provider(ProviderId),
}

impl Scope {
    /// A stable text key, unique per scope, used for uniqueness in the database.
    pub fn key(&self) -> String {
        match self {
            Scope::Platform => "platform".to_owned(),
            Scope::Institution(id) => format!("institution:{id}"),
            Scope::Location(id) => format!("location:{id}"),
            Scope::Provider(id) => format!("provider:{id}"),
        }
    }
}

/// The five portals (plus the public site) a person can work in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Portal {
    School,
    Teacher,
    Student,
    Provider,
    Admin,
}

impl Portal {
    /// Every portal, in navigation order.
    pub const ALL: [Portal; 5] = [Portal::School, Portal::Teacher, Portal::Student, Portal::Provider, Portal::Admin];

    /// The URL path the portal lives under.
    pub fn path(self) -> &'static str {
        match self {
            Portal::School => "/school",
            Portal::Teacher => "/teacher",
            Portal::Student => "/student",
            Portal::Provider => "/provider",
            Portal::Admin => "/admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_code_reads_back_as_the_same_role() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn a_student_role_only_applies_to_a_location() {
        assert!(Role::Student.accepts_scope(&Scope::Location(LocationId(1))));
        assert!(!Role::Student.accepts_scope(&Scope::Provider(ProviderId(1))));
        assert!(!Role::Student.accepts_scope(&Scope::Platform));
        assert!(Role::PlatformAdmin.accepts_scope(&Scope::Platform));
        assert!(!Role::PlatformAdmin.accepts_scope(&Scope::Location(LocationId(1))));
    }

    #[test]
    fn board_and_budget_holder_share_the_school_portal() {
        assert_eq!(Role::Board.portal(), Portal::School);
        assert_eq!(Role::BudgetHolder.portal(), Portal::School);
        assert_eq!(Role::TeacherPlus.portal(), Portal::Teacher);
    }
}
