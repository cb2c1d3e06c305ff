//! Dossiers and who may see what in them: need-to-know per dossier, confidentiality per item.
//! Pure decisions; the services apply them to every read and mirror them in list and search queries.

use crate::vocabulary::vocabulary;
use crate::{Actor, GemeenteCode, Role, UserId};
use serde::{Deserialize, Serialize};

vocabulary!(
    /// Confidentiality class of a journal entry or attachment.
    Vertrouwelijkheid {
        Normaal = "normaal", "Normaal";
        Vertrouwelijk = "vertrouwelijk", "Vertrouwelijk";
        PolitieBurgemeester = "politie-burgemeester", "Politie-informatie (alleen burgemeester en aangewezen personen)";
        Bibob = "bibob", "Bibob (art. 28 Wet Bibob)";
        MelderBeschermd = "melder-beschermd", "Melder beschermd";
    }
);

vocabulary!(
    /// What a dossier is about: a signal, or a case that the team runs on one or more signals.
    DossierSoort {
        Signaal = "signaal", "Signaal";
        Casus = "casus", "Casus";
    }
);

/// The facts about a dossier that access depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierFacts {
    pub gemeente: GemeenteCode,
    pub eigenaar: UserId,
    pub team: Vec<UserId>,
    pub toegewezen_aan: Option<UserId>,
    /// Who registered it (the intake): the only non-coordinator who sees a protected reporter.
    pub geregistreerd_door: UserId,
}

/// How much of a dossier an actor may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DossierAccess {
    /// Not even that it exists: answer 404.
    None,
    /// Its index line (number, status, dates, phenomena) but no content.
    IndexOnly,
    /// Everything, subject to the confidentiality class of each item.
    Full,
}

impl DossierFacts {
    fn is_involved(&self, user: UserId) -> bool {
        self.eigenaar == user
            || self.team.contains(&user)
            || self.toegewezen_aan == Some(user)
            || self.geregistreerd_door == user
    }
}

/// Need-to-know: outside the actor's municipalities nothing; owner, team, assignee and the registering
/// user see everything, as do the coordinator (who triages the backlog) and the privacy officer (who
/// supervises); other team members of the municipality see the index line; a mayor and an
/// administrator see no dossiers here (mayors get reports and what is addressed to them).
pub fn dossier_access(actor: &Actor, dossier: &DossierFacts) -> DossierAccess {
    if !actor.may_access_gemeente(&dossier.gemeente) {
        return DossierAccess::None;
    }
    if actor.has_role(Role::Coordinator)
        || actor.has_role(Role::Privacyfunctionaris)
        || dossier.is_involved(actor.user_id)
    {
        return DossierAccess::Full;
    }
    if [Role::Teamlid, Role::Analist, Role::Jurist]
        .iter()
        .any(|r| actor.has_role(*r))
    {
        return DossierAccess::IndexOnly;
    }
    DossierAccess::None
}

/// Whether an actor with full access to the dossier may see an item of this class.
/// `named_readers` are the persons a `politie-burgemeester` item was addressed to;
/// `bibob_clearance` comes from the actor's account.
pub fn may_see_class(
    actor: &Actor,
    dossier: &DossierFacts,
    class: Vertrouwelijkheid,
    author: UserId,
    named_readers: &[UserId],
    bibob_clearance: bool,
) -> bool {
    if dossier_access(actor, dossier) != DossierAccess::Full {
        return false;
    }
    let me = actor.user_id;
    match class {
        Vertrouwelijkheid::Normaal => true,
        Vertrouwelijkheid::Vertrouwelijk => {
            dossier.is_involved(me)
                || actor.has_role(Role::Coordinator)
                || actor.has_role(Role::Privacyfunctionaris)
        }
        Vertrouwelijkheid::PolitieBurgemeester => author == me || named_readers.contains(&me),
        Vertrouwelijkheid::Bibob => bibob_clearance,
        Vertrouwelijkheid::MelderBeschermd => {
            dossier.geregistreerd_door == me || author == me || actor.has_role(Role::Coordinator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gm(code: &str) -> GemeenteCode {
        GemeenteCode::parse(code).unwrap()
    }

    fn actor(roles: Vec<Role>, gemeenten: &[&str]) -> Actor {
        Actor {
            user_id: UserId::new(),
            roles,
            gemeenten: gemeenten.iter().map(|g| gm(g)).collect(),
            bibob_clearance: false,
        }
    }

    fn dossier(gemeente: &str) -> DossierFacts {
        let owner = UserId::new();
        DossierFacts {
            gemeente: gm(gemeente),
            eigenaar: owner,
            team: vec![],
            toegewezen_aan: None,
            geregistreerd_door: owner,
        }
    }

    #[test]
    fn need_to_know() {
        let d = dossier("GM0534");
        assert_eq!(
            dossier_access(&actor(vec![Role::Teamlid], &["GM0553"]), &d),
            DossierAccess::None
        );
        assert_eq!(
            dossier_access(&actor(vec![Role::Teamlid], &["GM0534"]), &d),
            DossierAccess::IndexOnly
        );
        assert_eq!(
            dossier_access(&actor(vec![Role::Coordinator], &["GM0534"]), &d),
            DossierAccess::Full
        );
        assert_eq!(
            dossier_access(&actor(vec![Role::Burgemeester], &["GM0534"]), &d),
            DossierAccess::None
        );
        let mut member = actor(vec![Role::Analist], &["GM0534"]);
        let mut with_team = d.clone();
        with_team.team.push(member.user_id);
        assert_eq!(dossier_access(&member, &with_team), DossierAccess::Full);
        member.gemeenten.clear();
        assert_eq!(
            dossier_access(&member, &with_team),
            DossierAccess::None,
            "team membership never crosses municipalities"
        );
    }

    #[test]
    fn classes() {
        let d = dossier("GM0534");
        let owner = Actor {
            user_id: d.eigenaar,
            roles: vec![Role::Teamlid],
            gemeenten: vec![gm("GM0534")],
            bibob_clearance: false,
        };
        let author = UserId::new();
        assert!(may_see_class(
            &owner,
            &d,
            Vertrouwelijkheid::Normaal,
            author,
            &[],
            false
        ));
        assert!(!may_see_class(
            &owner,
            &d,
            Vertrouwelijkheid::Bibob,
            author,
            &[],
            false
        ));
        assert!(may_see_class(
            &owner,
            &d,
            Vertrouwelijkheid::Bibob,
            author,
            &[],
            true
        ));
        assert!(!may_see_class(
            &owner,
            &d,
            Vertrouwelijkheid::PolitieBurgemeester,
            author,
            &[],
            true
        ));
        assert!(may_see_class(
            &owner,
            &d,
            Vertrouwelijkheid::PolitieBurgemeester,
            author,
            &[owner.user_id],
            false
        ));
        assert!(
            may_see_class(
                &owner,
                &d,
                Vertrouwelijkheid::MelderBeschermd,
                author,
                &[],
                false
            ),
            "registered it"
        );
        let privacy = actor(vec![Role::Privacyfunctionaris], &["GM0534"]);
        assert!(!may_see_class(
            &privacy,
            &d,
            Vertrouwelijkheid::MelderBeschermd,
            author,
            &[],
            true
        ));
    }

    proptest! {
        /// Whatever the roles, team, clearance and class: nothing is visible outside the actor's municipalities.
        #[test]
        fn nothing_crosses_municipalities(mask in 0u8..128, class_index in 0usize..5, in_team: bool, clearance: bool, named: bool) {
            let roles: Vec<Role> = Role::ALL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, r)| *r).collect();
            let a = actor(roles, &["GM0553"]);
            let mut d = dossier("GM0534");
            if in_team { d.team.push(a.user_id); d.eigenaar = a.user_id; }
            let readers = if named { vec![a.user_id] } else { vec![] };
            let class = Vertrouwelijkheid::ALL[class_index];
            prop_assert_eq!(dossier_access(&a, &d), DossierAccess::None);
            prop_assert!(!may_see_class(&a, &d, class, a.user_id, &readers, clearance));
        }
    }
}
