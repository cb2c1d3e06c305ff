//! Appending to a dossier's journal: the entry's hash chained to the previous one, the link signed
//! with the journal key, the head re-signed, the text indexed for search. Every capability that
//! writes to a journal goes through here.

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::Actor;
use baken_domain::dossier::Vertrouwelijkheid;
use baken_domain::journal::{self, JournaalInhoud, JournaalSoort};
use baken_store::{ChainRecord, HeadRecord, SearchText, Tx};
use uuid::Uuid;

/// The author of a journal entry as recorded in it.
pub(crate) struct Author {
    pub id: baken_domain::UserId,
    pub naam: String,
    pub rollen: Vec<baken_domain::Role>,
}

impl Services {
    /// Appends an entry to a dossier's chain, re-signs the head and indexes the text.
    pub(crate) async fn append_entry(
        &self,
        tx: &mut dyn Tx,
        inhoud: &JournaalInhoud,
    ) -> ServiceResult<ChainRecord> {
        let dossier = inhoud.dossier_id;
        tx.lock_dossier(dossier).await?;
        let last = tx.last_chain(dossier).await?;
        let volgnummer = last.as_ref().map_or(1, |c| c.volgnummer + 1);
        let previous: [u8; 32] = match &last {
            Some(c) => c.link_hash.as_slice().try_into().map_err(|_| {
                ServiceError::Internal("stored link hash has the wrong length".into())
            })?,
            None => journal::GENESIS,
        };
        let canonical = inhoud.canonical();
        let content_hash = journal::content_hash(&canonical);
        let link_hash = journal::link_hash(dossier, volgnummer, &previous, &content_hash);
        let handtekening = self
            .signer
            .sign(&journal::head_message(dossier, volgnummer, &link_hash));
        let chain = ChainRecord {
            dossier_id: dossier,
            volgnummer,
            entry_id: inhoud.id,
            content_hash: content_hash.to_vec(),
            link_hash: link_hash.to_vec(),
            handtekening: handtekening.clone(),
            geregistreerd_op: inhoud.geregistreerd_op,
        };
        tx.insert_journal(&chain, &canonical).await?;
        tx.put_head(&HeadRecord {
            dossier_id: dossier,
            volgnummer,
            link_hash: link_hash.to_vec(),
            handtekening,
            sleutel_id: self.signer.key_id().to_string(),
            getekend_op: inhoud.geregistreerd_op,
        })
        .await?;
        tx.index_text(&SearchText {
            dossier_id: dossier,
            entry_id: Some(inhoud.id),
            vertrouwelijkheid: inhoud.vertrouwelijkheid,
            tekst: inhoud.tekst.clone(),
        })
        .await?;
        Ok(chain)
    }

    pub(crate) fn system_entry(
        &self,
        dossier: Uuid,
        author: &crate::kernel::journal::Author,
        soort: JournaalSoort,
        tekst: String,
    ) -> JournaalInhoud {
        let now = self.clock.now();
        JournaalInhoud {
            id: Uuid::new_v4(),
            dossier_id: dossier,
            soort,
            tekst,
            gebeurd_op: now,
            geregistreerd_op: now,
            auteur: author.id,
            auteur_naam: author.naam.clone(),
            auteur_rollen: author.rollen.clone(),
            bron: None,
            betrouwbaarheid: None,
            grondslag: None,
            doel: None,
            vertrouwelijkheid: Vertrouwelijkheid::Normaal,
            lezers: vec![],
            corrigeert: None,
            koppelingen: vec![],
        }
    }

    pub(crate) async fn author(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
    ) -> ServiceResult<crate::kernel::journal::Author> {
        let user = tx
            .user_by_id(actor.user_id)
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        Ok(crate::kernel::journal::Author {
            id: user.id,
            naam: user.name.to_string(),
            rollen: user.roles.clone(),
        })
    }
}
