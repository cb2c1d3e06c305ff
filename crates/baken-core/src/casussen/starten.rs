//! Starting a case from signals in `naar-casus`.

use super::*;

impl Services {
    /// Starts a case from signals the protocol moved to `naar-casus`. The signals stay where they
    /// are and are linked; their subjects and objects are linked to the case too (the same
    /// records, not copies). A signal the actor may not see in full is named as unknown, as a
    /// signal that does not exist.
    pub async fn start_case(
        &self,
        actor: &Actor,
        input: &CasusInvoer,
        ctx: &RequestContext,
    ) -> ServiceResult<CasusRecord> {
        Self::require_work(actor)?;
        let mut tx = self.store.begin().await?;
        let mut errors = ValidationErrors::new();
        let naam = naam(&input.naam, &mut errors);
        let doel = tekst(
            Some(&input.doel),
            "doel",
            Some("Beschrijf het doel van de casus: wat het team wil bereiken."),
            &mut errors,
        );
        let afdelingen = namen(&input.afdelingen, "afdelingen", &mut errors);
        let partners = namen(&input.partners, "partners", &mut errors);
        let signalen = Self::case_signals(tx.as_mut(), actor, &input.signalen, &mut errors).await?;
        let Some(gemeente) = signalen.first().map(|d| d.gemeente.clone()) else {
            return Err(errors.into());
        };
        let regisseur = input.regisseur.unwrap_or(actor.user_id);
        self.check_assignee(tx.as_mut(), regisseur, &gemeente, "regisseur", &mut errors)
            .await?;
        let mut team: Vec<UserId> = Vec::new();
        for (i, u) in input.team.iter().enumerate() {
            if *u == regisseur || team.contains(u) {
                continue;
            }
            self.check_assignee(
                tx.as_mut(),
                *u,
                &gemeente,
                &format!("team[{i}]"),
                &mut errors,
            )
            .await?;
            team.push(*u);
        }
        if actor.user_id != regisseur && !team.contains(&actor.user_id) {
            team.push(actor.user_id);
        }
        errors.into_result()?;
        let (naam, doel) = (naam.expect("checked"), doel.expect("checked"));
        let now = self.clock.now();
        let jaar = baken_domain::tijd::today_nl(now).year();
        let n = tx.next_casus_nummer(&gemeente, jaar).await?;
        let mut fenomenen: Vec<Fenomeen> = Vec::new();
        for f in signalen.iter().flat_map(|s| s.fenomenen.iter()) {
            if !fenomenen.contains(f) {
                fenomenen.push(*f);
            }
        }
        let first = &signalen[0];
        let dossier = DossierRecord {
            id: Uuid::new_v4(),
            soort: DossierSoort::Casus,
            gemeente: gemeente.clone(),
            nummer: casus::casusnummer(jaar, n),
            status: SignaalStatus::NaarCasus,
            eigenaar: regisseur,
            toegewezen_aan: None,
            geregistreerd_door: actor.user_id,
            team,
            aangemaakt_op: now,
            gewijzigd_op: now,
            ontvangstdatum: self.today(),
            waargenomen_op: None,
            bron: first.bron,
            politie_stuk: None,
            omschrijving: naam.clone(),
            indicatoren: None,
            bron_betrouwbaarheid: None,
            informatie_betrouwbaarheid: None,
            melder_naam: None,
            melder_contact: None,
            melder_anoniem: false,
            fenomenen,
            versie: 1,
            herbeoordelen_op: None,
        };
        tx.insert_dossier(&dossier).await?;
        let record = CasusRecord {
            dossier_id: dossier.id,
            gemeente: gemeente.clone(),
            status: CasusStatus::Aangemaakt,
            naam,
            doel,
            plan_van_aanpak: None,
            afdelingen,
            partners,
            nazorg_tot: None,
            afsluitreden: None,
            afgesloten_op: None,
            aangemaakt_op: now,
            versie: 1,
        };
        tx.insert_casus(&record).await?;
        // The case is found by its name and goal, like a signal by its description.
        tx.index_text(&baken_store::SearchText {
            dossier_id: dossier.id,
            entry_id: None,
            vertrouwelijkheid: baken_domain::dossier::Vertrouwelijkheid::Normaal,
            tekst: format!("{}\n{}", record.naam, record.doel),
        })
        .await?;
        // The signals' subjects and objects: the same records, linked to the case.
        let mut gekoppeld: Vec<(Uuid, baken_domain::entiteit::Rol)> = Vec::new();
        let mut entiteiten = Vec::new();
        for s in &signalen {
            tx.koppel_signaal(dossier.id, s.id, now).await?;
            for (e, rol) in tx.dossier_entiteiten(s.id).await? {
                if gekoppeld.contains(&(e.id, rol)) {
                    continue;
                }
                tx.link_entiteit(&DossierEntiteitRecord {
                    dossier_id: dossier.id,
                    entiteit_id: e.id,
                    rol,
                    aangemaakt_op: now,
                    aangemaakt_door: actor.user_id,
                })
                .await?;
                gekoppeld.push((e.id, rol));
                entiteiten.push(e);
            }
        }
        let author = self.author(tx.as_mut(), actor).await?;
        let nummers: Vec<&str> = signalen.iter().map(|s| s.nummer.as_str()).collect();
        let mut entry = self.system_entry(
            dossier.id,
            &author,
            JournaalSoort::Statuswijziging,
            format!(
                "Casus {} gestart vanuit {} {}. Doel: {}",
                dossier.nummer,
                if nummers.len() == 1 {
                    "signaal"
                } else {
                    "de signalen"
                },
                nummers.join(", "),
                record.doel
            ),
        );
        entry.koppelingen = gekoppeld.iter().map(|(e, _)| *e).collect();
        self.append_entry(tx.as_mut(), &entry).await?;
        for s in &signalen {
            tx.lock_dossier(s.id).await?;
            let entry = self.system_entry(
                s.id,
                &author,
                JournaalSoort::Notitie,
                format!("Opgenomen in casus {}.", dossier.nummer),
            );
            self.append_entry(tx.as_mut(), &entry).await?;
        }
        self.record_case_change(
            tx.as_mut(),
            actor,
            &dossier,
            &entiteiten,
            AuditAction::CasusGestart,
            json!({"signalen": signalen.len()}),
            ctx,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }
}
