//! Audit records for the security audit log, written in the transaction of the action they describe.

use baken_domain::UserId;
use baken_store::{AuditRecord, StoreResult, Tx};
use time::OffsetDateTime;
use uuid::Uuid;

/// What the adapter knows about the request that started a use case.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// Every event the security audit log records, by one constant name each: the privacy officer and
/// the reports query the log by these names (`action`), so they are a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// `aanmelden.gelukt`
    AanmeldenGelukt,
    /// `aanmelden.wachtwoord-juist`
    AanmeldenWachtwoordJuist,
    /// `aanmelden.mislukt`
    AanmeldenMislukt,
    /// `aanmelden.mfa-mislukt`
    AanmeldenMfaMislukt,
    /// `aanmelden.geweigerd`
    AanmeldenGeweigerd,
    /// `afmelden`
    Afmelden,
    /// `afmelden.overal`
    AfmeldenOveral,
    /// `sessie.verlopen`
    SessieVerlopen,
    /// `sessie.beeindigd`
    SessieBeeindigd,
    /// `mfa.ingericht`
    MfaIngericht,
    /// `mfa.inrichten-mislukt`
    MfaInrichtenMislukt,
    /// `mfa.herstelcodes-vernieuwd`
    MfaHerstelcodesVernieuwd,
    /// `mfa.herstelcode-gebruikt`
    MfaHerstelcodeGebruikt,
    /// `mfa.gereset`
    MfaGereset,
    /// `wachtwoord.gewijzigd`
    WachtwoordGewijzigd,
    /// `token.aangemaakt`
    TokenAangemaakt,
    /// `token.gebruikt`
    TokenGebruikt,
    /// `token.ingetrokken`
    TokenIngetrokken,
    /// `gemeente.toegevoegd`
    GemeenteToegevoegd,
    /// `gemeente.gewijzigd`
    GemeenteGewijzigd,
    /// `gebruiker.toegevoegd`
    GebruikerToegevoegd,
    /// `gebruiker.gewijzigd`
    GebruikerGewijzigd,
    /// `signaal.aangemaakt`
    SignaalAangemaakt,
    /// `signaal.gewijzigd`
    SignaalGewijzigd,
    /// `signalen.geimporteerd`
    SignalenGeimporteerd,
    /// `journaal.toegevoegd`
    JournaalToegevoegd,
    /// `bijlage.toegevoegd`
    BijlageToegevoegd,
    /// `privacytoets.besloten`
    PrivacytoetsBesloten,
    PrivacytoetsAangevraagd,
    ToegangGevraagd,
    ToegangBeslist,
    /// `maatregel.voorgesteld`
    MaatregelVoorgesteld,
    /// `maatregel.stap-vastgelegd`
    MaatregelStapVastgelegd,
    /// `maatregel.brief-opgesteld`
    MaatregelBriefOpgesteld,
    /// `werk.overgedragen`
    WerkOvergedragen,
    /// `casus.gestart`
    CasusGestart,
    /// `casus.gewijzigd`
    CasusGewijzigd,
    /// `taak.vastgelegd`
    TaakVastgelegd,
    /// `overleg.gepland`
    OverlegGepland,
    /// `overleg.gewijzigd` (agenda, attendees, notes, closing)
    OverlegGewijzigd,
    /// `overleg.besluit`
    OverlegBesluit,
    /// `herinnering.verstuurd` (the e-mail digest; outcome `mislukt` when the relay refused)
    HerinneringVerstuurd,
    /// `bron.geraadpleegd`
    BronGeraadpleegd,
    /// `partnerverzoek.verstuurd`
    PartnerverzoekVerstuurd,
    /// `partnerverzoek.beantwoord`
    PartnerverzoekBeantwoord,
    /// `partnerverzoek.ingetrokken`
    PartnerverzoekIngetrokken,
    /// `blokkade.ingesteld`
    BlokkadeIngesteld,
    /// `blokkade.opgeheven`
    BlokkadeOpgeheven,
    /// `signaal.vernietigd`
    SignaalVernietigd,
    /// `signaal.geanonimiseerd`
    SignaalGeanonimiseerd,
    /// `signaal.gearchiveerd`
    SignaalGearchiveerd,
    /// `bewaartermijnen.toegepast`
    BewaartermijnenToegepast,
    /// `protocol.geladen`
    ProtocolGeladen,
    /// `catalogus.geladen`
    CatalogusGeladen,
    /// `register.geimporteerd`
    RegisterGeimporteerd,
    /// `verwerkingslog.doorzocht`
    VerwerkingslogDoorzocht,
    /// `verwerkingslog.afwijkingen`
    VerwerkingslogAfwijkingen,
    /// `inzageverzoek.beantwoorden`
    InzageverzoekBeantwoorden,
    /// `verzoek.registreren`
    VerzoekRegistreren,
    /// `verzoek.inzien`
    VerzoekInzien,
    /// `verzoek.verlengen`
    VerzoekVerlengen,
    /// `verzoek.identiteit-bevestigen`
    VerzoekIdentiteitBevestigen,
    /// `verzoek.beperken`
    VerzoekBeperken,
    /// `verzoek.beperking-herbeoordelen`
    VerzoekBeperkingHerbeoordelen,
    /// `verzoek.besluiten`
    VerzoekBesluiten,
    /// `verzoek.antwoord-exporteren`
    VerzoekAntwoordExporteren,
    /// `verzoek.verwijderd`
    VerzoekVerwijderd,
}

impl AuditAction {
    /// Every event, for listings and tests.
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::AanmeldenGelukt,
        AuditAction::AanmeldenWachtwoordJuist,
        AuditAction::AanmeldenMislukt,
        AuditAction::AanmeldenMfaMislukt,
        AuditAction::AanmeldenGeweigerd,
        AuditAction::Afmelden,
        AuditAction::AfmeldenOveral,
        AuditAction::SessieVerlopen,
        AuditAction::SessieBeeindigd,
        AuditAction::MfaIngericht,
        AuditAction::MfaInrichtenMislukt,
        AuditAction::MfaHerstelcodesVernieuwd,
        AuditAction::MfaHerstelcodeGebruikt,
        AuditAction::MfaGereset,
        AuditAction::WachtwoordGewijzigd,
        AuditAction::TokenAangemaakt,
        AuditAction::TokenGebruikt,
        AuditAction::TokenIngetrokken,
        AuditAction::GemeenteToegevoegd,
        AuditAction::GemeenteGewijzigd,
        AuditAction::GebruikerToegevoegd,
        AuditAction::GebruikerGewijzigd,
        AuditAction::SignaalAangemaakt,
        AuditAction::SignaalGewijzigd,
        AuditAction::SignalenGeimporteerd,
        AuditAction::JournaalToegevoegd,
        AuditAction::BijlageToegevoegd,
        AuditAction::PrivacytoetsBesloten,
        AuditAction::PrivacytoetsAangevraagd,
        AuditAction::ToegangGevraagd,
        AuditAction::ToegangBeslist,
        AuditAction::MaatregelVoorgesteld,
        AuditAction::MaatregelStapVastgelegd,
        AuditAction::MaatregelBriefOpgesteld,
        AuditAction::WerkOvergedragen,
        AuditAction::CasusGestart,
        AuditAction::CasusGewijzigd,
        AuditAction::TaakVastgelegd,
        AuditAction::OverlegGepland,
        AuditAction::OverlegGewijzigd,
        AuditAction::OverlegBesluit,
        AuditAction::HerinneringVerstuurd,
        AuditAction::BronGeraadpleegd,
        AuditAction::PartnerverzoekVerstuurd,
        AuditAction::PartnerverzoekBeantwoord,
        AuditAction::PartnerverzoekIngetrokken,
        AuditAction::BlokkadeIngesteld,
        AuditAction::BlokkadeOpgeheven,
        AuditAction::SignaalVernietigd,
        AuditAction::SignaalGeanonimiseerd,
        AuditAction::SignaalGearchiveerd,
        AuditAction::BewaartermijnenToegepast,
        AuditAction::ProtocolGeladen,
        AuditAction::CatalogusGeladen,
        AuditAction::RegisterGeimporteerd,
        AuditAction::VerwerkingslogDoorzocht,
        AuditAction::VerwerkingslogAfwijkingen,
        AuditAction::InzageverzoekBeantwoorden,
        AuditAction::VerzoekRegistreren,
        AuditAction::VerzoekInzien,
        AuditAction::VerzoekVerlengen,
        AuditAction::VerzoekIdentiteitBevestigen,
        AuditAction::VerzoekBeperken,
        AuditAction::VerzoekBeperkingHerbeoordelen,
        AuditAction::VerzoekBesluiten,
        AuditAction::VerzoekAntwoordExporteren,
        AuditAction::VerzoekVerwijderd,
    ];

    /// The name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AanmeldenGelukt => "aanmelden.gelukt",
            AuditAction::AanmeldenWachtwoordJuist => "aanmelden.wachtwoord-juist",
            AuditAction::AanmeldenMislukt => "aanmelden.mislukt",
            AuditAction::AanmeldenMfaMislukt => "aanmelden.mfa-mislukt",
            AuditAction::AanmeldenGeweigerd => "aanmelden.geweigerd",
            AuditAction::Afmelden => "afmelden",
            AuditAction::AfmeldenOveral => "afmelden.overal",
            AuditAction::SessieVerlopen => "sessie.verlopen",
            AuditAction::SessieBeeindigd => "sessie.beeindigd",
            AuditAction::MfaIngericht => "mfa.ingericht",
            AuditAction::MfaInrichtenMislukt => "mfa.inrichten-mislukt",
            AuditAction::MfaHerstelcodesVernieuwd => "mfa.herstelcodes-vernieuwd",
            AuditAction::MfaHerstelcodeGebruikt => "mfa.herstelcode-gebruikt",
            AuditAction::MfaGereset => "mfa.gereset",
            AuditAction::WachtwoordGewijzigd => "wachtwoord.gewijzigd",
            AuditAction::TokenAangemaakt => "token.aangemaakt",
            AuditAction::TokenGebruikt => "token.gebruikt",
            AuditAction::TokenIngetrokken => "token.ingetrokken",
            AuditAction::GemeenteToegevoegd => "gemeente.toegevoegd",
            AuditAction::GemeenteGewijzigd => "gemeente.gewijzigd",
            AuditAction::GebruikerToegevoegd => "gebruiker.toegevoegd",
            AuditAction::GebruikerGewijzigd => "gebruiker.gewijzigd",
            AuditAction::SignaalAangemaakt => "signaal.aangemaakt",
            AuditAction::SignaalGewijzigd => "signaal.gewijzigd",
            AuditAction::SignalenGeimporteerd => "signalen.geimporteerd",
            AuditAction::JournaalToegevoegd => "journaal.toegevoegd",
            AuditAction::BijlageToegevoegd => "bijlage.toegevoegd",
            AuditAction::PrivacytoetsBesloten => "privacytoets.besloten",
            AuditAction::PrivacytoetsAangevraagd => "privacytoets.aangevraagd",
            AuditAction::ToegangGevraagd => "toegang.gevraagd",
            AuditAction::ToegangBeslist => "toegang.beslist",
            AuditAction::MaatregelVoorgesteld => "maatregel.voorgesteld",
            AuditAction::MaatregelStapVastgelegd => "maatregel.stap-vastgelegd",
            AuditAction::MaatregelBriefOpgesteld => "maatregel.brief-opgesteld",
            AuditAction::WerkOvergedragen => "werk.overgedragen",
            AuditAction::CasusGestart => "casus.gestart",
            AuditAction::CasusGewijzigd => "casus.gewijzigd",
            AuditAction::TaakVastgelegd => "taak.vastgelegd",
            AuditAction::OverlegGepland => "overleg.gepland",
            AuditAction::OverlegGewijzigd => "overleg.gewijzigd",
            AuditAction::OverlegBesluit => "overleg.besluit",
            AuditAction::HerinneringVerstuurd => "herinnering.verstuurd",
            AuditAction::BronGeraadpleegd => "bron.geraadpleegd",
            AuditAction::PartnerverzoekVerstuurd => "partnerverzoek.verstuurd",
            AuditAction::PartnerverzoekBeantwoord => "partnerverzoek.beantwoord",
            AuditAction::PartnerverzoekIngetrokken => "partnerverzoek.ingetrokken",
            AuditAction::BlokkadeIngesteld => "blokkade.ingesteld",
            AuditAction::BlokkadeOpgeheven => "blokkade.opgeheven",
            AuditAction::SignaalVernietigd => "signaal.vernietigd",
            AuditAction::SignaalGeanonimiseerd => "signaal.geanonimiseerd",
            AuditAction::SignaalGearchiveerd => "signaal.gearchiveerd",
            AuditAction::BewaartermijnenToegepast => "bewaartermijnen.toegepast",
            AuditAction::ProtocolGeladen => "protocol.geladen",
            AuditAction::CatalogusGeladen => "catalogus.geladen",
            AuditAction::RegisterGeimporteerd => "register.geimporteerd",
            AuditAction::VerwerkingslogDoorzocht => "verwerkingslog.doorzocht",
            AuditAction::VerwerkingslogAfwijkingen => "verwerkingslog.afwijkingen",
            AuditAction::InzageverzoekBeantwoorden => "inzageverzoek.beantwoorden",
            AuditAction::VerzoekRegistreren => "verzoek.registreren",
            AuditAction::VerzoekInzien => "verzoek.inzien",
            AuditAction::VerzoekVerlengen => "verzoek.verlengen",
            AuditAction::VerzoekIdentiteitBevestigen => "verzoek.identiteit-bevestigen",
            AuditAction::VerzoekBeperken => "verzoek.beperken",
            AuditAction::VerzoekBeperkingHerbeoordelen => "verzoek.beperking-herbeoordelen",
            AuditAction::VerzoekBesluiten => "verzoek.besluiten",
            AuditAction::VerzoekAntwoordExporteren => "verzoek.antwoord-exporteren",
            AuditAction::VerzoekVerwijderd => "verzoek.verwijderd",
        }
    }

    /// The event in words, for the pages (the stored name stays the contract).
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::AanmeldenGelukt => "Aangemeld",
            AuditAction::AanmeldenWachtwoordJuist => "Wachtwoord juist, tweede factor gevraagd",
            AuditAction::AanmeldenMislukt => "Aanmelden mislukt",
            AuditAction::AanmeldenMfaMislukt => "Tweede factor onjuist",
            AuditAction::AanmeldenGeweigerd => "Aanmelden geweigerd",
            AuditAction::Afmelden => "Afgemeld",
            AuditAction::AfmeldenOveral => "Overal afgemeld",
            AuditAction::SessieVerlopen => "Sessie verlopen",
            AuditAction::SessieBeeindigd => "Sessie beëindigd",
            AuditAction::MfaIngericht => "Tweede factor ingericht",
            AuditAction::MfaInrichtenMislukt => "Inrichten tweede factor mislukt",
            AuditAction::MfaHerstelcodesVernieuwd => "Herstelcodes vernieuwd",
            AuditAction::MfaHerstelcodeGebruikt => "Herstelcode gebruikt",
            AuditAction::MfaGereset => "Tweede factor opnieuw ingesteld",
            AuditAction::WachtwoordGewijzigd => "Wachtwoord gewijzigd",
            AuditAction::TokenAangemaakt => "API-sleutel gemaakt",
            AuditAction::TokenGebruikt => "API-sleutel gebruikt",
            AuditAction::TokenIngetrokken => "API-sleutel ingetrokken",
            AuditAction::GemeenteToegevoegd => "Gemeente toegevoegd",
            AuditAction::GemeenteGewijzigd => "Gemeente gewijzigd",
            AuditAction::GebruikerToegevoegd => "Gebruiker toegevoegd",
            AuditAction::GebruikerGewijzigd => "Gebruiker gewijzigd",
            AuditAction::SignaalAangemaakt => "Signaal geregistreerd",
            AuditAction::SignaalGewijzigd => "Signaal gewijzigd",
            AuditAction::SignalenGeimporteerd => "Signalen geïmporteerd",
            AuditAction::JournaalToegevoegd => "Journaalpost toegevoegd",
            AuditAction::BijlageToegevoegd => "Bijlage toegevoegd",
            AuditAction::PrivacytoetsBesloten => "Besluit op privacytoets",
            AuditAction::PrivacytoetsAangevraagd => "Privacytoets aangevraagd",
            AuditAction::ToegangGevraagd => "Toegang tot een signaal gevraagd",
            AuditAction::ToegangBeslist => "Besluit op een verzoek om toegang",
            AuditAction::MaatregelVoorgesteld => "Maatregel voorgesteld",
            AuditAction::MaatregelStapVastgelegd => "Stap van een maatregel vastgelegd",
            AuditAction::MaatregelBriefOpgesteld => "Brief bij een maatregel opgesteld",
            AuditAction::WerkOvergedragen => "Werk overgedragen aan een collega",
            AuditAction::CasusGestart => "Casus gestart",
            AuditAction::CasusGewijzigd => "Casus gewijzigd",
            AuditAction::TaakVastgelegd => "Taak vastgelegd of gewijzigd",
            AuditAction::OverlegGepland => "Overleg gepland",
            AuditAction::OverlegGewijzigd => "Overleg gewijzigd (agenda, deelnemers, verslag)",
            AuditAction::OverlegBesluit => "Besluit in een overleg vastgelegd",
            AuditAction::HerinneringVerstuurd => "Herinnering per e-mail verstuurd",
            AuditAction::BronGeraadpleegd => "Bron geraadpleegd",
            AuditAction::PartnerverzoekVerstuurd => "Verzoek aan een partner verstuurd",
            AuditAction::PartnerverzoekBeantwoord => "Antwoord van een partner vastgelegd",
            AuditAction::PartnerverzoekIngetrokken => "Verzoek aan een partner ingetrokken",
            AuditAction::BlokkadeIngesteld => "Vernietiging opgeschort (blokkade)",
            AuditAction::BlokkadeOpgeheven => "Blokkade opgeheven",
            AuditAction::SignaalVernietigd => "Signaal vernietigd",
            AuditAction::SignaalGeanonimiseerd => "Signaal geanonimiseerd",
            AuditAction::SignaalGearchiveerd => "Signaal naar het archief",
            AuditAction::BewaartermijnenToegepast => "Bewaartermijnen toegepast",
            AuditAction::ProtocolGeladen => "Privacyprotocol geladen",
            AuditAction::CatalogusGeladen => "Maatregelencatalogus geladen",
            AuditAction::RegisterGeimporteerd => "Register geïmporteerd",
            AuditAction::VerwerkingslogDoorzocht => "Verwerkingslog doorzocht",
            AuditAction::VerwerkingslogAfwijkingen => "Afwijkingenrapport gemaakt",
            AuditAction::InzageverzoekBeantwoorden => "Inzageverzoek beantwoord",
            AuditAction::VerzoekRegistreren => "Verzoek van betrokkene geregistreerd",
            AuditAction::VerzoekInzien => "Verzoek ingezien",
            AuditAction::VerzoekVerlengen => "Termijn van verzoek verlengd",
            AuditAction::VerzoekIdentiteitBevestigen => "Identiteit van verzoeker bevestigd",
            AuditAction::VerzoekBeperken => "Verwerking beperkt",
            AuditAction::VerzoekBeperkingHerbeoordelen => "Beperking opnieuw beoordeeld",
            AuditAction::VerzoekBesluiten => "Besluit op verzoek",
            AuditAction::VerzoekAntwoordExporteren => "Antwoord op verzoek gemaakt",
            AuditAction::VerzoekVerwijderd => "Verzoek verwijderd (bewaartermijn)",
        }
    }

    /// The event with this stored name.
    pub fn parse(name: &str) -> Option<AuditAction> {
        Self::ALL.iter().copied().find(|a| a.as_str() == name)
    }
}

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// `gelukt`
    Gelukt,
    /// `mislukt`
    Mislukt,
    /// `geweigerd`
    Geweigerd,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Gelukt => "gelukt",
            Outcome::Mislukt => "mislukt",
            Outcome::Geweigerd => "geweigerd",
        }
    }
}

pub(crate) struct Audit<'a> {
    pub at: OffsetDateTime,
    pub actor: Option<UserId>,
    pub ctx: &'a RequestContext,
}

impl Audit<'_> {
    pub async fn write(
        &self,
        tx: &mut dyn Tx,
        action: AuditAction,
        object: Option<String>,
        outcome: Outcome,
        details: serde_json::Value,
    ) -> StoreResult<()> {
        tx.append_audit(&AuditRecord {
            id: Uuid::new_v4(),
            at: self.at,
            actor: self.actor,
            action: action.as_str().into(),
            object,
            outcome: outcome.as_str().into(),
            client_addr: self.ctx.client_addr.clone(),
            details,
        })
        .await
    }
}

pub(crate) fn user_object(id: UserId) -> Option<String> {
    Some(format!("gebruiker:{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_one_distinct_name_that_parses_back() {
        let mut names = std::collections::BTreeSet::new();
        for action in AuditAction::ALL {
            assert!(names.insert(action.as_str()), "{action:?} repeats a name");
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
        }
        assert_eq!(AuditAction::parse("bestaat.niet"), None);
    }
}
