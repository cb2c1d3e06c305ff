//! The sqlx implementation of the port for dossiers (a signal's dossier): numbering, the record, the backlog. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::DossiersRead`] and [`baken_store::DossiersWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_dossiers {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::DossiersRead for $name {
            async fn dossier(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::DossierRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(concat!("SELECT ", $crate::dossier_select!(), " FROM dossiers d WHERE d.id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::DossierRow::into_record)
                    .transpose()
            }

            async fn list_dossiers(&mut self, f: &$crate::baken_store::DossierFilter) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::DossierRecord>> {
                let sql = match f.sort {
                    $crate::baken_store::DossierSort::NieuwsteEerst => concat!("SELECT ", $crate::dossier_select!(), " FROM dossiers d ", $crate::dossier_filter!(),
                        " AND ($8 IS NULL OR d.sorteer_op < $8 OR (d.sorteer_op = $8 AND d.id < $9)) ORDER BY d.sorteer_op DESC, d.id DESC LIMIT $10"),
                    $crate::baken_store::DossierSort::OudsteEerst => concat!("SELECT ", $crate::dossier_select!(), " FROM dossiers d ", $crate::dossier_filter!(),
                        " AND ($8 IS NULL OR d.sorteer_op > $8 OR (d.sorteer_op = $8 AND d.id > $9)) ORDER BY d.sorteer_op ASC, d.id ASC LIMIT $10"),
                };
                $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(sql)
                    .bind(f.gemeente.as_str())
                    .bind(f.status.map(|s| s.as_str()))
                    .bind(f.bron.map(|b| b.as_str()))
                    .bind(f.fenomeen.map(|x| x.as_str()))
                    .bind(f.toegewezen_aan.map(|u| u.0))
                    .bind(f.ontvangen_vanaf)
                    .bind(f.ontvangen_tot)
                    .bind(f.na.map(|(key, _)| key))
                    .bind(f.na.map(|(_, id)| id))
                    .bind(f.limit)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::DossierRow::into_record)
                    .collect()
            }

            async fn dossiers_van(&mut self, user: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::DossierRecord>> {
                // The team is a JSON array of ids: a member's id appears in it as a quoted string.
                $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(concat!(
                    "SELECT ", $crate::dossier_select!(), " FROM dossiers d \
                     WHERE d.eigenaar_id = $1 OR d.toegewezen_aan = $1 OR d.team LIKE $2 ORDER BY d.sorteer_op DESC, d.id DESC"
                ))
                .bind(user.0)
                .bind(format!("%\"{user}\"%"))
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::DossierRow::into_record)
                .collect()
            }

            async fn dossiers_by_ids(&mut self, ids: &[$crate::sqlx::types::Uuid]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::DossierRecord>> {
                let mut result = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(500) {
                    let sql = format!(
                        concat!("SELECT ", $crate::dossier_columns!(), " FROM dossiers WHERE id IN ({})"),
                        $crate::placeholders::<$db>(1, chunk.len())
                    );
                    // Only `$n` placeholders are formatted in; the ids are bound.
                    let mut query = $crate::sqlx::query_as::<_, $crate::rows::DossierRow>($crate::sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        query = query.bind(*id);
                    }
                    for row in query.persistent(false).fetch_all(&mut *self.tx).await.map_err($crate::backend)? {
                        result.push(row.into_record()?);
                    }
                }
                Ok(result)
            }

            async fn toegangsverzoeken(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ToegangsverzoekRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::ToegangsverzoekRow>(concat!(
                    "SELECT ", $crate::toegangsverzoek_columns!(), " FROM toegangsverzoeken WHERE dossier_id = $1 ORDER BY gevraagd_op, id"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::ToegangsverzoekRow::into_record).collect()
            }

            async fn open_toegangsverzoeken(&mut self, gemeenten: &[$crate::baken_domain::GemeenteCode]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::ToegangsverzoekRecord>> {
                if gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "SELECT {} FROM toegangsverzoeken WHERE besluit IS NULL AND gemeente_code IN ({}) ORDER BY gevraagd_op, id",
                    $crate::toegangsverzoek_columns!(),
                    $crate::placeholders::<$db>(1, gemeenten.len()),
                );
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::ToegangsverzoekRow>($crate::sqlx::AssertSqlSafe(sql));
                for g in gemeenten {
                    query = query.bind(g.as_str().to_string());
                }
                query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::ToegangsverzoekRow::into_record).collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::DossiersWrite for $name {
            async fn next_signaal_nummer(&mut self, gemeente: &$crate::baken_domain::GemeenteCode, jaar: i32) -> $crate::baken_store::StoreResult<i64> {
                $crate::sqlx::query_scalar(
                    "INSERT INTO signaal_nummers (gemeente_code, jaar, laatste) VALUES ($1, $2, 1) \
                     ON CONFLICT (gemeente_code, jaar) DO UPDATE SET laatste = signaal_nummers.laatste + 1 RETURNING laatste",
                )
                .bind(gemeente.as_str())
                .bind(i64::from(jaar))
                .fetch_one(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "gemeente"))
            }

            async fn insert_dossier(&mut self, d: &$crate::baken_store::DossierRecord) -> $crate::baken_store::StoreResult<()> {
                let row = $crate::rows::DossierBinds::from(d);
                $crate::sqlx::query(concat!("INSERT INTO dossiers (", $crate::dossier_columns!(), ") \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)"))
                    .bind(d.id).bind(d.soort.as_str()).bind(d.gemeente.as_str()).bind(&d.nummer).bind(d.status.as_str())
                    .bind(d.eigenaar.0).bind(d.toegewezen_aan.map(|u| u.0)).bind(d.geregistreerd_door.0)
                    .bind(d.aangemaakt_op).bind(d.gewijzigd_op).bind(d.ontvangstdatum).bind(d.waargenomen_op)
                    .bind(d.bron.as_str()).bind(d.politie_stuk.map(|p| p.as_str())).bind(&d.omschrijving).bind(&d.indicatoren)
                    .bind(d.bron_betrouwbaarheid.map(|b| b.as_str())).bind(d.informatie_betrouwbaarheid.map(|b| b.as_str()))
                    .bind(&d.melder_naam).bind(&d.melder_contact).bind(d.melder_anoniem).bind(d.versie)
                    .bind(row.sorteer_op).bind(&row.fenomenen).bind(&row.team).bind(d.herbeoordelen_op)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "nummer"))?;
                self.replace_fenomenen(d).await
            }

            async fn update_dossier(&mut self, d: &$crate::baken_store::DossierRecord, expected_versie: i64) -> $crate::baken_store::StoreResult<bool> {
                let row = $crate::rows::DossierBinds::from(d);
                let done = $crate::sqlx::query(
                    "UPDATE dossiers SET status = $2, eigenaar_id = $3, toegewezen_aan = $4, gewijzigd_op = $5, waargenomen_op = $6, \
                     omschrijving = $7, indicatoren = $8, bron_betrouwbaarheid = $9, informatie_betrouwbaarheid = $10, \
                     versie = $11, fenomenen = $12, team = $13, herbeoordelen_op = $15 WHERE id = $1 AND versie = $14",
                )
                .bind(d.id).bind(d.status.as_str()).bind(d.eigenaar.0).bind(d.toegewezen_aan.map(|u| u.0)).bind(d.gewijzigd_op)
                .bind(d.waargenomen_op).bind(&d.omschrijving).bind(&d.indicatoren)
                .bind(d.bron_betrouwbaarheid.map(|b| b.as_str())).bind(d.informatie_betrouwbaarheid.map(|b| b.as_str()))
                .bind(d.versie).bind(&row.fenomenen).bind(&row.team).bind(expected_versie).bind(d.herbeoordelen_op)
                .execute(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                self.replace_fenomenen(d).await?;
                Ok(true)
            }

            async fn lock_dossier(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query($lock).bind(id).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn insert_toegangsverzoek(&mut self, v: &$crate::baken_store::ToegangsverzoekRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO toegangsverzoeken (", $crate::toegangsverzoek_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                ))
                .bind(v.id).bind(v.dossier_id).bind(v.gemeente.as_str()).bind(v.gevraagd_door.0).bind(v.gevraagd_op).bind(&v.reden)
                .bind(&v.besluit).bind(v.beslist_door.map(|u| u.0)).bind(v.beslist_op).bind(&v.motivering)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "toegangsverzoek"))?;
                Ok(())
            }

            async fn beslis_toegangsverzoek(&mut self, v: &$crate::baken_store::ToegangsverzoekRecord) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query(
                    "UPDATE toegangsverzoeken SET besluit = $2, beslist_door = $3, beslist_op = $4, motivering = $5 WHERE id = $1 AND besluit IS NULL",
                )
                .bind(v.id).bind(&v.besluit).bind(v.beslist_door.map(|u| u.0)).bind(v.beslist_op).bind(&v.motivering)
                .execute(&mut *self.tx).await.map_err($crate::backend)?
                .rows_affected() > 0)
            }
        }
    };
}
