//! The sqlx implementation of the port for partner requests. Expanded by [`crate::sqlx_tx!`] for
//! each backend.

/// Implements [`baken_store::PartnerRequestsRead`] and [`baken_store::PartnerRequestsWrite`].
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_partner_requests {
    ($name:ident, $db:ty) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::PartnerRequestsRead for $name {
            async fn partnerverzoek(
                &mut self,
                id: $crate::sqlx::types::Uuid,
            ) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::PartnerverzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::PartnerverzoekRow>(concat!(
                    "SELECT ", $crate::partnerverzoek_columns!(), " FROM partnerverzoeken WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .map($crate::rows::PartnerverzoekRow::into_record)
                .transpose()
            }

            async fn partnerverzoeken(
                &mut self,
                dossier: $crate::sqlx::types::Uuid,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::PartnerverzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::PartnerverzoekRow>(concat!(
                    "SELECT ", $crate::partnerverzoek_columns!(),
                    " FROM partnerverzoeken WHERE dossier_id = $1 ORDER BY op DESC, id DESC"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::PartnerverzoekRow::into_record)
                .collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::PartnerRequestsWrite for $name {
            async fn insert_partnerverzoek(
                &mut self,
                r: &$crate::baken_store::PartnerverzoekRecord,
            ) -> $crate::baken_store::StoreResult<()> {
                let a = r.antwoord.as_ref();
                $crate::sqlx::query(concat!(
                    "INSERT INTO partnerverzoeken (", $crate::partnerverzoek_columns!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
                ))
                .bind(r.id)
                .bind(r.dossier_id)
                .bind(r.partner_soort.as_str())
                .bind(&r.partner)
                .bind(&r.vraag)
                .bind(&r.doel)
                .bind(&r.grondslag)
                .bind(r.antwoord_voor)
                .bind(r.status.as_str())
                .bind(r.door.0)
                .bind(r.op)
                .bind(r.journaal_id)
                .bind(a.map(|a| a.antwoord.clone()))
                .bind(a.map(|a| a.ontvangen))
                .bind(a.map(|a| a.bron.clone()))
                .bind(a.map(|a| a.bron_betrouwbaarheid.as_str()))
                .bind(a.map(|a| a.informatie_betrouwbaarheid.as_str()))
                .bind(&r.reden_intrekking)
                .bind(r.afgehandeld.map(|(u, _, _)| u.0))
                .bind(r.afgehandeld.map(|(_, op, _)| op))
                .bind(r.afgehandeld.map(|(_, _, j)| j))
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "partnerverzoek"))?;
                Ok(())
            }

            async fn sluit_partnerverzoek(
                &mut self,
                r: &$crate::baken_store::PartnerverzoekRecord,
            ) -> $crate::baken_store::StoreResult<bool> {
                let a = r.antwoord.as_ref();
                let done = $crate::sqlx::query(
                    "UPDATE partnerverzoeken SET status = $2, antwoord = $3, ontvangen = $4, antwoord_bron = $5, \
                     bron_betrouwbaarheid = $6, informatie_betrouwbaarheid = $7, reden_intrekking = $8, \
                     afgehandeld_door = $9, afgehandeld_op = $10, afhandeling_journaal_id = $11 \
                     WHERE id = $1 AND status = 'open'",
                )
                .bind(r.id)
                .bind(r.status.as_str())
                .bind(a.map(|a| a.antwoord.clone()))
                .bind(a.map(|a| a.ontvangen))
                .bind(a.map(|a| a.bron.clone()))
                .bind(a.map(|a| a.bron_betrouwbaarheid.as_str()))
                .bind(a.map(|a| a.informatie_betrouwbaarheid.as_str()))
                .bind(&r.reden_intrekking)
                .bind(r.afgehandeld.map(|(u, _, _)| u.0))
                .bind(r.afgehandeld.map(|(_, op, _)| op))
                .bind(r.afgehandeld.map(|(_, _, j)| j))
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "partnerverzoek"))?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}
