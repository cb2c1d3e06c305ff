//! The answer to the data subject, restrictions applied.

use super::*;
use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::Actor;
use baken_domain::verzoek::{Art41Grond, VerzoekSoort};
use baken_store::BeperkingRecord;
use serde_json::json;
use std::collections::BTreeSet;
use uuid::Uuid;

impl Services {
    /// The answer to the data subject with the restrictions applied. Producing it is an export
    /// of personal data and logged as one.
    pub async fn request_answer(
        &self,
        actor: &Actor,
        id: Uuid,
        ctx: &RequestContext,
    ) -> ServiceResult<Antwoord> {
        let started = self.clock.now();
        let mut tx = self.store.begin_read().await?;
        let verzoek = self.request_of(tx.as_mut(), actor, id).await?;
        let soort = VerzoekSoort::parse(&verzoek.soort).map_err(ServiceError::Internal)?;
        let betrokkene = self.subject_of(tx.as_mut(), &verzoek).await?;
        // A lifted restriction no longer withholds anything.
        let beperkingen: Vec<BeperkingRecord> = tx
            .beperkingen(id)
            .await?
            .into_iter()
            .filter(|b| b.opgeheven_op.is_none())
            .collect();
        let mut dossiers = self
            .dossiers_of(tx.as_mut(), actor, &verzoek, &betrokkene.entiteiten())
            .await?;
        let gemeente = verzoek
            .gemeente
            .clone()
            .or_else(|| actor.gemeenten.first().cloned());
        let verwerking = match &gemeente {
            Some(g) => self
                .protocol_in_force(tx.as_mut(), g)
                .await?
                .0
                .verwerking("signaalregistratie")
                .cloned(),
            None => None,
        };
        drop(tx);
        self.log_dossier_reads(actor, &dossiers, started).await?;
        let mut gronden = BTreeSet::new();
        dossiers.retain(|d| {
            match beperkingen
                .iter()
                .find(|b| b.dossier_id == d.dossier_id && b.journaalpost_id.is_none())
            {
                Some(b) => {
                    gronden.extend(Art41Grond::parse(&b.grond).ok());
                    false
                }
                None => true,
            }
        });
        for dossier in &mut dossiers {
            let before = dossier.journaal.len();
            dossier.journaal.retain(|post| {
                match beperkingen
                    .iter()
                    .find(|b| b.journaalpost_id == Some(post.id))
                {
                    Some(b) => {
                        gronden.extend(Art41Grond::parse(&b.grond).ok());
                        false
                    }
                    None => true,
                }
            });
            dossier.beperkt = before - dossier.journaal.len();
        }
        let mut tx = self.store.begin().await?;
        self.log_request_step(
            tx.as_mut(),
            actor,
            &verzoek,
            crate::audit::AuditAction::VerzoekAntwoordExporteren,
            ctx,
            json!({"dossiers": dossiers.len(), "gronden": gronden.iter().map(|g| g.as_str()).collect::<Vec<_>>()}),
            started,
        )
        .await?;
        tx.commit().await?;
        Ok(Antwoord {
            verzoek,
            soort,
            persoon: betrokkene.persoon,
            dossiers,
            gronden: gronden.into_iter().collect(),
            verwerking,
        })
    }
}
