//! Authorisation decisions. Pure functions over an [`Actor`]; the services call them before every
//! action and read, the routes only mirror them for navigation.

use crate::{GemeenteCode, Role, UserId};
use serde::Serialize;

/// Who is acting: the signed-in user with the roles and municipalities the store holds for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: UserId,
    pub roles: Vec<Role>,
    pub gemeenten: Vec<GemeenteCode>,
    /// Cleared for Wet Bibob information (art. 28 Wet Bibob): may see `bibob` items.
    pub bibob_clearance: bool,
}

/// Actions whose permission depends on role alone. Access to a municipality's data is decided by
/// [`Actor::may_access_gemeente`] on top of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Manage users, roles and municipalities.
    Administer,
    /// Work in dossiers: intake, journal, enrichment.
    WorkDossiers,
    /// Read the processing log and handle data-subject requests.
    ReadProcessingLog,
    /// See aggregate reports.
    ReadReports,
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the actor's roles grant a permission.
    pub fn may(&self, permission: Permission) -> bool {
        use Role::*;
        let allowed: &[Role] = match permission {
            Permission::Administer => &[Beheerder],
            Permission::WorkDossiers => &[Teamlid, Analist, Coordinator, Jurist],
            Permission::ReadProcessingLog => &[Privacyfunctionaris],
            Permission::ReadReports => &[Coordinator, Burgemeester, Privacyfunctionaris],
        };
        self.roles.iter().any(|r| allowed.contains(r))
    }

    /// Whether the actor works for this municipality at all. A burgemeester only ever holds one.
    pub fn may_access_gemeente(&self, gemeente: &GemeenteCode) -> bool {
        self.gemeenten.contains(gemeente)
    }
}

/// Checks that a combination of roles and municipalities may be given to one account.
/// Returns the Dutch reasons for each violated rule.
pub fn check_role_assignment(
    roles: &[Role],
    gemeenten: &[GemeenteCode],
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if roles.is_empty() {
        problems.push(("rollen", "Kies minstens één rol.".to_string()));
    }
    if roles.contains(&Role::Burgemeester) {
        if gemeenten.len() != 1 {
            problems.push((
                "gemeenten",
                "Een burgemeester hoort bij precies één gemeente.".to_string(),
            ));
        }
        if roles.len() > 1 {
            problems.push((
                "rollen",
                "De rol burgemeester kan niet met andere rollen worden gecombineerd.".to_string(),
            ));
        }
    }
    let needs_gemeente = roles.iter().any(|r| *r != Role::Beheerder);
    if needs_gemeente && gemeenten.is_empty() {
        problems.push(("gemeenten", "Kies minstens één gemeente.".to_string()));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(roles: Vec<Role>, gemeenten: &[&str]) -> Actor {
        Actor {
            user_id: UserId::new(),
            roles,
            gemeenten: gemeenten
                .iter()
                .map(|g| GemeenteCode::parse(g).unwrap())
                .collect(),
            bibob_clearance: false,
        }
    }

    #[test]
    fn only_beheerder_administers() {
        for role in Role::ALL {
            assert_eq!(
                actor(vec![role], &["GM0534"]).may(Permission::Administer),
                role == Role::Beheerder
            );
        }
    }

    #[test]
    fn burgemeester_is_bound_to_one_gemeente_and_no_other_role() {
        let one = [GemeenteCode::parse("GM0534").unwrap()];
        let two = [one[0].clone(), GemeenteCode::parse("GM0553").unwrap()];
        assert!(check_role_assignment(&[Role::Burgemeester], &one).is_empty());
        assert!(!check_role_assignment(&[Role::Burgemeester], &two).is_empty());
        assert!(!check_role_assignment(&[Role::Burgemeester], &[]).is_empty());
        assert!(!check_role_assignment(&[Role::Burgemeester, Role::Teamlid], &one).is_empty());
        assert!(!check_role_assignment(&[], &one).is_empty());
        assert!(check_role_assignment(&[Role::Beheerder], &[]).is_empty());
    }

    proptest! {
        /// No combination of roles gives access to a municipality the actor does not hold.
        #[test]
        fn no_role_grants_another_gemeente(mask in 0u8..128, held in 0u16..10000, other in 0u16..10000) {
            prop_assume!(held != other);
            let roles: Vec<Role> = Role::ALL.iter().enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0).map(|(_, r)| *r).collect();
            let held = format!("GM{held:04}");
            let other = GemeenteCode::parse(&format!("GM{other:04}")).unwrap();
            prop_assert!(!actor(roles, &[&held]).may_access_gemeente(&other));
        }
    }
}
