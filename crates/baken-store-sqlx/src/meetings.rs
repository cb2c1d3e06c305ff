//! The sqlx implementation of the port for meetings and their agendas. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::MeetingsRead`] and [`baken_store::MeetingsWrite`] for a backend's
/// transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_meetings {
    ($name:ident, $db:ty) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::MeetingsRead for $name {
            async fn overleg(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::OverlegRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::OverlegRow>(concat!("SELECT ", $crate::overleg_columns!(), " FROM overleggen WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                    .map($crate::rows::OverlegRow::into_record).transpose()
            }

            async fn overleggen(
                &mut self,
                gemeenten: &[$crate::baken_domain::GemeenteCode],
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::OverlegRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                // Planned meetings first, the next one on top; then the held ones, latest first.
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "SELECT {} FROM overleggen WHERE gemeente_code IN ({}) \
                     ORDER BY CASE WHEN status = 'gepland' THEN 0 ELSE 1 END, \
                     CASE WHEN status = 'gepland' THEN datum END ASC, datum DESC, aangemaakt_op DESC, id LIMIT $1",
                    $crate::overleg_columns!(),
                    $crate::placeholders::<$db>(2, gemeenten.len()),
                );
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::OverlegRow>($crate::sqlx::AssertSqlSafe(sql)).bind(limit);
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::OverlegRow::into_record).collect()
            }

            async fn agendapunten(&mut self, overleg: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::AgendapuntRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::AgendapuntRow>(concat!(
                    "SELECT ", $crate::agendapunt_columns!(), " FROM overleg_agendapunten WHERE overleg_id = $1 ORDER BY positie, dossier_id"
                ))
                .bind(overleg)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::AgendapuntRow::into_record).collect())
            }

            async fn overleggen_van_dossier(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::AgendapuntRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::AgendapuntRow>(
                    "SELECT a.overleg_id, a.dossier_id, a.positie, a.toegevoegd_op, a.besluit, a.toelichting, a.journaalpost_id, a.besloten_op \
                     FROM overleg_agendapunten a JOIN overleggen o ON o.id = a.overleg_id \
                     WHERE a.dossier_id = $1 ORDER BY o.datum DESC, a.toegevoegd_op DESC",
                )
                .bind(dossier)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::AgendapuntRow::into_record).collect())
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::MeetingsWrite for $name {
            async fn insert_overleg(&mut self, o: &$crate::baken_store::OverlegRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO overleggen (", $crate::overleg_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                ))
                .bind(o.id).bind(o.gemeente.as_str()).bind(o.soort.as_str()).bind(o.datum).bind(&o.titel)
                .bind(o.voorzitter.0).bind($crate::rows::deelnemers_json(&o.deelnemers)).bind(o.status.as_str())
                .bind(&o.verslag).bind(o.aangemaakt_door.0).bind(o.aangemaakt_op).bind(o.versie)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "overleg"))?;
                Ok(())
            }

            async fn update_overleg(&mut self, o: &$crate::baken_store::OverlegRecord, expected_versie: i64) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query(
                    "UPDATE overleggen SET datum = $3, titel = $4, voorzitter_id = $5, deelnemers = $6, status = $7, verslag = $8, versie = $9 \
                     WHERE id = $1 AND versie = $2",
                )
                .bind(o.id).bind(expected_versie).bind(o.datum).bind(&o.titel).bind(o.voorzitter.0)
                .bind($crate::rows::deelnemers_json(&o.deelnemers)).bind(o.status.as_str()).bind(&o.verslag).bind(o.versie)
                .execute(&mut *self.tx).await.map_err(|e| $crate::map_err(e, "overleg"))?
                .rows_affected() > 0)
            }

            async fn insert_agendapunt(&mut self, p: &$crate::baken_store::AgendapuntRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO overleg_agendapunten (", $crate::agendapunt_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                ))
                .bind(p.overleg_id).bind(p.dossier_id).bind(p.positie).bind(p.toegevoegd_op)
                .bind(&p.besluit).bind(&p.toelichting).bind(p.journaalpost).bind(p.besloten_op)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "agendapunt"))?;
                Ok(())
            }

            async fn delete_agendapunt(&mut self, overleg: $crate::sqlx::types::Uuid, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query("DELETE FROM overleg_agendapunten WHERE overleg_id = $1 AND dossier_id = $2 AND besluit IS NULL")
                    .bind(overleg).bind(dossier)
                    .execute(&mut *self.tx).await.map_err($crate::backend)?
                    .rows_affected() > 0)
            }

            async fn besluit_agendapunt(&mut self, p: &$crate::baken_store::AgendapuntRecord) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query(
                    "UPDATE overleg_agendapunten SET besluit = $3, toelichting = $4, journaalpost_id = $5, besloten_op = $6 WHERE overleg_id = $1 AND dossier_id = $2",
                )
                .bind(p.overleg_id).bind(p.dossier_id).bind(&p.besluit).bind(&p.toelichting).bind(p.journaalpost).bind(p.besloten_op)
                .execute(&mut *self.tx).await.map_err($crate::backend)?
                .rows_affected() > 0)
            }
        }
    };
}
