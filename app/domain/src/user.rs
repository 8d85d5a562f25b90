//! Who is asking: the signed-in person and what they may do where.

use super::ids::{LocationId, PersonId, ProviderId};
use super::role::{Portal, Role, Scope};
use serde::{Deserialize, Serialize};

/// One role a person holds in one place, with that place's name for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub role: Role,
    pub scope: Scope,
    /// The name of the institution, location or provider ("" for the platform).
    pub scope_name: String,
}

/// The signed-in person, as established from the session on every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub person_id: PersonId,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<RoleAssignment>,
}

impl CurrentUser {
    /// True when the person holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r.role == role)
    }

    /// True when the person may use `portal`.
    pub fn can_use(&self, portal: Portal) -> bool {
        self.roles.iter().any(|r| r.role.portal() == portal)
    }

    /// The portals this person may switch between, in navigation order.
    pub fn portals(&self) -> Vec<Portal> {
        Portal::ALL.into_iter().filter(|p| self.can_use(*p)).collect()
    }

    /// Where to send the person after signing in: their first portal.
    pub fn home(&self) -> &'static str {
        self.portals().first().map(|p| p.path()).unwrap_or("/")
    }

    /// The locations where the person holds one of `roles`.
    pub fn locations_with(&self, roles: &[Role]) -> Vec<LocationId> {
        self.roles
            .iter()
            .filter(|r| roles.contains(&r.role))
            .filter_map(|r| match r.scope {
                Scope::Location(id) => Some(id),
                _ => None,
            })
            .collect()
    }

    /// The providers the person works for.
    pub fn providers(&self) -> Vec<ProviderId> {
        self.roles
            .iter()
            .filter_map(|r| match (r.role, r.scope) {
                (Role::Provider, Scope::Provider(id)) => Some(id),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::InstitutionId;

    fn person(roles: Vec<(Role, Scope)>) -> CurrentUser {
        CurrentUser {
            person_id: PersonId(1),
            display_name: "Fatima".into(),
            email: "f@example.nl".into(),
            roles: roles.into_iter().map(|(role, scope)| RoleAssignment { role, scope, scope_name: String::new() }).collect(),
        }
    }

    #[test]
    fn a_teacher_who_is_also_budget_holder_can_switch_between_two_portals() {
        let u =
            person(vec![(Role::Teacher, Scope::Location(LocationId(2))), (Role::BudgetHolder, Scope::Location(LocationId(3)))]);
        assert_eq!(u.portals(), vec![Portal::School, Portal::Teacher]);
        assert_eq!(u.home(), "/school");
        assert_eq!(u.locations_with(&[Role::BudgetHolder]), vec![LocationId(3)]);
        assert!(!u.can_use(Portal::Admin));
    }

    #[test]
    fn a_board_member_has_the_school_portal_but_no_location_of_their_own() {
        let u = person(vec![(Role::Board, Scope::Institution(InstitutionId(1)))]);
        assert!(u.can_use(Portal::School));
        assert!(u.locations_with(&[Role::BudgetHolder]).is_empty());
    }

    #[test]
    fn a_person_without_roles_goes_to_the_public_home() {
        assert_eq!(person(vec![]).home(), "/");
    }
}
