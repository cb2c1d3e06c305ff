//! The sqlx implementation of the port for requests of data subjects, their restrictions and confirmed identities. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::RequestsRead`] and [`baken_store::RequestsWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_requests {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RequestsRead for $name {
            async fn verzoeken(&mut self, gemeenten: &[$crate::baken_domain::GemeenteCode]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VerzoekRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT {} FROM verzoeken WHERE gemeente_code IN ({}) ORDER BY beantwoord_op IS NOT NULL, termijn_tot, geregistreerd_op",
                    $crate::verzoek_columns!(),
                    $crate::placeholders::<$db>(1, gemeenten.len()),
                );
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::VerzoekRow>($crate::sqlx::AssertSqlSafe(sql));
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::VerzoekRow::into_record).collect()
            }

            async fn verzoek(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::VerzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::VerzoekRow>(concat!("SELECT ", $crate::verzoek_columns!(), " FROM verzoeken WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                    .map($crate::rows::VerzoekRow::into_record).transpose()
            }

            async fn verzoeken_beantwoord_voor(&mut self, voor: $crate::rows::Instant) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VerzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::VerzoekRow>(concat!(
                    "SELECT ", $crate::verzoek_columns!(), " FROM verzoeken WHERE beantwoord_op IS NOT NULL AND beantwoord_op < $1 ORDER BY beantwoord_op"
                ))
                .bind(voor)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::VerzoekRow::into_record).collect()
            }

            async fn beperkingen(&mut self, verzoek: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BeperkingRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::BeperkingRow>(
                    "SELECT id, verzoek_id, dossier_id, journaalpost_id, grond, motivering, herbeoordeling, vastgelegd_door, vastgelegd_op, \
                     herbeoordeeld_op, herbeoordeling_motivering, opgeheven_op FROM verzoek_beperkingen WHERE verzoek_id = $1 ORDER BY vastgelegd_op, id",
                )
                .bind(verzoek)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map(Into::into).collect())
            }

            async fn beperkingen_te_herbeoordelen(&mut self, gemeenten: &[$crate::baken_domain::GemeenteCode], tot: $crate::rows::Day) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BeperkingRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT b.id, b.verzoek_id, b.dossier_id, b.journaalpost_id, b.grond, b.motivering, b.herbeoordeling, b.vastgelegd_door, b.vastgelegd_op, \
                     b.herbeoordeeld_op, b.herbeoordeling_motivering, b.opgeheven_op FROM verzoek_beperkingen b JOIN verzoeken v ON v.id = b.verzoek_id \
                     WHERE b.herbeoordeling <= $1 AND b.opgeheven_op IS NULL AND v.gemeente_code IN ({}) ORDER BY b.herbeoordeling, b.vastgelegd_op, b.id",
                    $crate::placeholders::<$db>(2, gemeenten.len()),
                );
                // Only placeholders are formatted in; every value is bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::BeperkingRow>($crate::sqlx::AssertSqlSafe(sql)).bind(tot);
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                Ok(query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?.into_iter().map(Into::into).collect())
            }

            async fn verzoek_identiteiten(&mut self, verzoek: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::sqlx::types::Uuid>> {
                $crate::sqlx::query_scalar("SELECT entiteit_id FROM verzoek_identiteiten WHERE verzoek_id = $1 ORDER BY bevestigd_op")
                    .bind(verzoek)
                    .fetch_all(&mut *self.tx).await.map_err($crate::backend)
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RequestsWrite for $name {
            async fn insert_verzoek(&mut self, v: &$crate::baken_store::VerzoekRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO verzoeken (id, soort, betrokkene, betrokkene_type, ontvangen_op, termijn_tot, geregistreerd_door, geregistreerd_op, beantwoord_op, \
                     gemeente_code, entiteit_id, toelichting, verlengd_op, verlenging_motivering, besluit, besluit_motivering) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                )
                .bind(v.id).bind(&v.soort).bind(&v.betrokkene).bind(&v.betrokkene_type).bind(v.ontvangen_op).bind(v.termijn_tot)
                .bind(v.geregistreerd_door.0).bind(v.geregistreerd_op).bind(v.beantwoord_op)
                .bind(v.gemeente.as_ref().map(|g| g.as_str().to_string())).bind(v.entiteit_id).bind(&v.toelichting)
                .bind(v.verlengd_op).bind(&v.verlenging_motivering).bind(&v.besluit).bind(&v.besluit_motivering)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn delete_verzoek(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<()> {
                for statement in [
                    "DELETE FROM verzoek_beperkingen WHERE verzoek_id = $1",
                    "DELETE FROM verzoek_identiteiten WHERE verzoek_id = $1",
                    "DELETE FROM verzoeken WHERE id = $1",
                ] {
                    $crate::sqlx::query(statement).bind(id).execute(&mut *self.tx).await.map_err($crate::backend)?;
                }
                Ok(())
            }

            async fn update_verzoek(&mut self, v: &$crate::baken_store::VerzoekRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "UPDATE verzoeken SET termijn_tot = $2, beantwoord_op = $3, verlengd_op = $4, verlenging_motivering = $5, \
                     besluit = $6, besluit_motivering = $7 WHERE id = $1",
                )
                .bind(v.id).bind(v.termijn_tot).bind(v.beantwoord_op).bind(v.verlengd_op).bind(&v.verlenging_motivering)
                .bind(&v.besluit).bind(&v.besluit_motivering)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_beperking(&mut self, b: &$crate::baken_store::BeperkingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO verzoek_beperkingen (id, verzoek_id, dossier_id, journaalpost_id, grond, motivering, herbeoordeling, vastgelegd_door, vastgelegd_op, \
                     herbeoordeeld_op, herbeoordeling_motivering, opgeheven_op) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(b.id).bind(b.verzoek_id).bind(b.dossier_id).bind(b.journaalpost_id).bind(&b.grond).bind(&b.motivering)
                .bind(b.herbeoordeling).bind(b.vastgelegd_door.0).bind(b.vastgelegd_op)
                .bind(b.herbeoordeeld_op).bind(&b.herbeoordeling_motivering).bind(b.opgeheven_op)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn update_beperking(&mut self, b: &$crate::baken_store::BeperkingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "UPDATE verzoek_beperkingen SET herbeoordeling = $1, herbeoordeeld_op = $2, herbeoordeling_motivering = $3, opgeheven_op = $4 WHERE id = $5",
                )
                .bind(b.herbeoordeling).bind(b.herbeoordeeld_op).bind(&b.herbeoordeling_motivering).bind(b.opgeheven_op).bind(b.id)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_verzoek_identiteit(
                &mut self,
                verzoek: $crate::sqlx::types::Uuid,
                entiteit: $crate::sqlx::types::Uuid,
                door: $crate::baken_domain::UserId,
                op: $crate::rows::Instant,
            ) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO verzoek_identiteiten (verzoek_id, entiteit_id, bevestigd_door, bevestigd_op) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (verzoek_id, entiteit_id) DO NOTHING",
                )
                .bind(verzoek).bind(entiteit).bind(door.0).bind(op)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }
        }
    };
}
