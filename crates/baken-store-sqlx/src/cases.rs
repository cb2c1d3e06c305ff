//! The sqlx implementation of the port for cases and tasks. Expanded by [`crate::sqlx_tx!`] for
//! each backend.

/// Implements [`baken_store::CasesRead`], [`baken_store::CasesWrite`], [`baken_store::TasksRead`]
/// and [`baken_store::TasksWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_cases {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::CasesRead for $name {
            async fn casus(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::CasusRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::CasusRow>(concat!("SELECT ", $crate::casus_columns!(), " FROM casussen WHERE dossier_id = $1"))
                    .bind(dossier)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                    .map($crate::rows::CasusRow::into_record).transpose()
            }

            async fn casussen(
                &mut self,
                gemeenten: &[$crate::baken_domain::GemeenteCode],
                ook_afgesloten: bool,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::CasusRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "SELECT {} FROM casussen WHERE ($1 OR status <> 'afgesloten') AND gemeente_code IN ({}) \
                     ORDER BY CASE WHEN status = 'afgesloten' THEN 1 ELSE 0 END, aangemaakt_op DESC, dossier_id LIMIT $2",
                    $crate::casus_columns!(),
                    $crate::placeholders::<$db>(3, gemeenten.len()),
                );
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::CasusRow>($crate::sqlx::AssertSqlSafe(sql))
                    .bind(ook_afgesloten)
                    .bind(limit);
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::CasusRow::into_record).collect()
            }

            async fn casus_van_signaal(&mut self, signaal: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::sqlx::types::Uuid>> {
                $crate::sqlx::query_scalar("SELECT casus_id FROM casus_signalen WHERE signaal_id = $1")
                    .bind(signaal)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)
            }

            async fn signalen_van_casus(&mut self, casus: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::sqlx::types::Uuid>> {
                $crate::sqlx::query_scalar("SELECT signaal_id FROM casus_signalen WHERE casus_id = $1 ORDER BY gekoppeld_op, signaal_id")
                    .bind(casus)
                    .fetch_all(&mut *self.tx).await.map_err($crate::backend)
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::CasesWrite for $name {
            async fn next_casus_nummer(&mut self, gemeente: &$crate::baken_domain::GemeenteCode, jaar: i32) -> $crate::baken_store::StoreResult<i64> {
                $crate::sqlx::query_scalar(
                    "INSERT INTO casus_nummers (gemeente_code, jaar, laatste) VALUES ($1, $2, 1) \
                     ON CONFLICT (gemeente_code, jaar) DO UPDATE SET laatste = casus_nummers.laatste + 1 RETURNING laatste",
                )
                .bind(gemeente.as_str())
                .bind(i64::from(jaar))
                .fetch_one(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "gemeente"))
            }

            async fn insert_casus(&mut self, c: &$crate::baken_store::CasusRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO casussen (", $crate::casus_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                ))
                .bind(c.dossier_id).bind(c.gemeente.as_str()).bind(c.status.as_str()).bind(&c.naam).bind(&c.doel)
                .bind(&c.plan_van_aanpak).bind($crate::rows::namen_json(&c.afdelingen)).bind($crate::rows::namen_json(&c.partners))
                .bind(c.nazorg_tot).bind(c.afsluitreden.map(|r| r.as_str())).bind(c.afgesloten_op).bind(c.aangemaakt_op).bind(c.versie)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "casus"))?;
                Ok(())
            }

            async fn update_casus(&mut self, c: &$crate::baken_store::CasusRecord, expected_versie: i64) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query(
                    "UPDATE casussen SET status = $3, naam = $4, doel = $5, plan_van_aanpak = $6, afdelingen = $7, partners = $8, \
                     nazorg_tot = $9, afsluitreden = $10, afgesloten_op = $11, versie = $12 WHERE dossier_id = $1 AND versie = $2",
                )
                .bind(c.dossier_id).bind(expected_versie).bind(c.status.as_str()).bind(&c.naam).bind(&c.doel).bind(&c.plan_van_aanpak)
                .bind($crate::rows::namen_json(&c.afdelingen)).bind($crate::rows::namen_json(&c.partners)).bind(c.nazorg_tot)
                .bind(c.afsluitreden.map(|r| r.as_str())).bind(c.afgesloten_op).bind(c.versie)
                .execute(&mut *self.tx).await.map_err($crate::backend)?
                .rows_affected() > 0)
            }

            async fn koppel_signaal(&mut self, casus: $crate::sqlx::types::Uuid, signaal: $crate::sqlx::types::Uuid, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("INSERT INTO casus_signalen (casus_id, signaal_id, gekoppeld_op) VALUES ($1, $2, $3)")
                    .bind(casus).bind(signaal).bind(at)
                    .execute(&mut *self.tx).await
                    .map_err(|e| $crate::map_err(e, "casus"))?;
                Ok(())
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::TasksRead for $name {
            async fn taak(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::TaakRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::TaakRow>(concat!("SELECT ", $crate::taak_columns!(), " FROM taken WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                    .map($crate::rows::TaakRow::into_record).transpose()
            }

            async fn taken_van_dossier(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::TaakRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::TaakRow>(concat!(
                    "SELECT ", $crate::taak_columns!(), " FROM taken WHERE dossier_id = $1 \
                     ORDER BY CASE WHEN status IN ('open', 'bezig') THEN 0 ELSE 1 END, \
                     CASE WHEN uiterlijk_op IS NULL THEN 1 ELSE 0 END, uiterlijk_op, aangemaakt_op, id"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::TaakRow::into_record).collect()
            }

            async fn taken_van_overleg(&mut self, overleg: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::TaakRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::TaakRow>(concat!(
                    "SELECT ", $crate::taak_columns!(), " FROM taken WHERE overleg_id = $1 ORDER BY aangemaakt_op, id"
                ))
                .bind(overleg)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::TaakRow::into_record).collect()
            }

            async fn open_taken_van(&mut self, eigenaar: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::TaakRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::TaakRow>(concat!(
                    "SELECT ", $crate::taak_columns!(), " FROM taken WHERE eigenaar_id = $1 AND status IN ('open', 'bezig') \
                     ORDER BY CASE WHEN uiterlijk_op IS NULL THEN 1 ELSE 0 END, uiterlijk_op, aangemaakt_op, id"
                ))
                .bind(eigenaar.0)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::TaakRow::into_record).collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::TasksWrite for $name {
            async fn insert_taak(&mut self, t: &$crate::baken_store::TaakRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO taken (", $crate::taak_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                ))
                .bind(t.id).bind(t.gemeente.as_str()).bind(t.dossier_id).bind(t.overleg_id).bind(&t.omschrijving)
                .bind(t.eigenaar.0).bind(t.uiterlijk_op).bind(t.status.as_str()).bind(t.aangemaakt_door.0)
                .bind(t.aangemaakt_op).bind(t.afgerond_op).bind(t.versie)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "taak"))?;
                Ok(())
            }

            async fn update_taak(&mut self, t: &$crate::baken_store::TaakRecord, expected_versie: i64) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query(
                    "UPDATE taken SET omschrijving = $3, eigenaar_id = $4, uiterlijk_op = $5, status = $6, afgerond_op = $7, versie = $8 \
                     WHERE id = $1 AND versie = $2",
                )
                .bind(t.id).bind(expected_versie).bind(&t.omschrijving).bind(t.eigenaar.0).bind(t.uiterlijk_op)
                .bind(t.status.as_str()).bind(t.afgerond_op).bind(t.versie)
                .execute(&mut *self.tx).await.map_err(|e| $crate::map_err(e, "taak"))?
                .rows_affected() > 0)
            }

            async fn draag_taken_over(
                &mut self,
                dossiers: &[$crate::sqlx::types::Uuid],
                van: $crate::baken_domain::UserId,
                naar: $crate::baken_domain::UserId,
            ) -> $crate::baken_store::StoreResult<u64> {
                if dossiers.is_empty() {
                    return Ok(0);
                }
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "UPDATE taken SET eigenaar_id = $2, versie = versie + 1 \
                     WHERE eigenaar_id = $1 AND status IN ('open', 'bezig') AND dossier_id IN ({})",
                    $crate::placeholders::<$db>(3, dossiers.len())
                );
                let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql)).bind(van.0).bind(naar.0);
                for d in dossiers {
                    query = query.bind(*d);
                }
                Ok(query.execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected())
            }
        }
    };
}
