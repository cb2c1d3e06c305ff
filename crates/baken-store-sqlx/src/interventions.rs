//! The sqlx implementation of the port for interventions, their steps and deadlines. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::InterventionsRead`] and [`baken_store::InterventionsWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_interventions {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::InterventionsRead for $name {
            async fn catalogus_versies(&mut self, gemeente: &$crate::baken_domain::GemeenteCode) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::CatalogusVersieRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::ProtocolVersieRow>(
                    "SELECT id, gemeente_code, versie, vastgesteld_op, tekst, sha256, geladen_op, geladen_door FROM catalogusversies \
                     WHERE gemeente_code = $1 ORDER BY vastgesteld_op DESC, geladen_op DESC",
                )
                .bind(gemeente.as_str())
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::ProtocolVersieRow::into_record)
                .collect()
            }

            async fn maatregel(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::MaatregelRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::MaatregelRow>(concat!("SELECT ", $crate::maatregel_columns!(), " FROM maatregelen WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                    .map($crate::rows::MaatregelRow::into_record).transpose()
            }

            async fn maatregelen_van(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::MaatregelRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::MaatregelRow>(concat!(
                    "SELECT ", $crate::maatregel_columns!(), " FROM maatregelen WHERE dossier_id = $1 ORDER BY aangemaakt_op, id"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::MaatregelRow::into_record).collect()
            }

            async fn lopende_maatregelen_van(&mut self, user: $crate::baken_domain::UserId) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::MaatregelRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::MaatregelRow>(concat!(
                    "SELECT ", $crate::maatregel_columns!(), " FROM maatregelen WHERE verantwoordelijke = $1 AND status = 'lopend' ORDER BY aangemaakt_op, id"
                ))
                .bind(user.0)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::MaatregelRow::into_record).collect()
            }

            async fn maatregel_stappen(&mut self, maatregel: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::MaatregelStapRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::MaatregelStapRow>(concat!(
                    "SELECT ", $crate::maatregel_stap_columns!(), " FROM maatregel_stappen WHERE maatregel_id = $1 ORDER BY datum, geregistreerd_op, id"
                ))
                .bind(maatregel)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map(Into::into).collect())
            }

            async fn dossier_maatregel_stappen(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::MaatregelStapRecord>> {
                Ok($crate::sqlx::query_as::<_, $crate::rows::MaatregelStapRow>(concat!(
                    "SELECT ", $crate::maatregel_stap_columns!(), " FROM maatregel_stappen WHERE maatregel_id IN \
                     (SELECT id FROM maatregelen WHERE dossier_id = $1) ORDER BY datum, geregistreerd_op, id"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map(Into::into).collect())
            }

            async fn termijnen_van(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::TermijnRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::TermijnRow>(concat!(
                    "SELECT ", $crate::termijn_columns!(), " FROM termijnen WHERE dossier_id = $1 ORDER BY einddatum, id"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::TermijnRow::into_record).collect()
            }

            async fn maatregelen_by_ids(&mut self, ids: &[$crate::sqlx::types::Uuid]) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::MaatregelRecord>> {
                let mut result = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(500) {
                    let sql = format!(
                        concat!("SELECT ", $crate::maatregel_columns!(), " FROM maatregelen WHERE id IN ({})"),
                        $crate::placeholders::<$db>(1, chunk.len())
                    );
                    // Only `$n` placeholders are formatted in; the ids are bound.
                    let mut query = $crate::sqlx::query_as::<_, $crate::rows::MaatregelRow>($crate::sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        query = query.bind(*id);
                    }
                    for row in query.persistent(false).fetch_all(&mut *self.tx).await.map_err($crate::backend)? {
                        result.push(row.into_record()?);
                    }
                }
                Ok(result)
            }

            async fn open_termijnen(
                &mut self,
                query: &$crate::baken_store::OpenTermijnen<'_>,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::OpenTermijnRecord>> {
                if query.gemeenten.is_empty() {
                    return Ok(Vec::new());
                }
                // Placeholders in order: the last day, the limit, the cursor, the person, the
                // municipalities. Two statements rather than one with an OR on the person, so
                // that each can use its own index.
                let mut next = 3;
                let mut filter = String::new();
                if query.na.is_some() {
                    filter.push_str(&format!(
                        "AND (t.einddatum > ${a} OR (t.einddatum = ${a} AND t.id > ${b})) ",
                        a = next,
                        b = next + 1
                    ));
                    next += 2;
                }
                if query.verantwoordelijke.is_some() {
                    filter.push_str(&format!("AND t.verantwoordelijke = ${next} "));
                    next += 1;
                }
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "SELECT {} FROM termijnen t JOIN dossiers d ON d.id = t.dossier_id \
                     LEFT JOIN maatregelen m ON m.id = t.maatregel_id \
                     WHERE t.voldaan = FALSE AND t.einddatum <= $1 {filter}\
                     AND t.gemeente_code IN ({}) ORDER BY t.einddatum, t.id LIMIT $2",
                    $crate::open_termijn_columns!(),
                    $crate::placeholders::<$db>(next, query.gemeenten.len()),
                );
                let mut q = $crate::sqlx::query_as::<_, $crate::rows::OpenTermijnRow>($crate::sqlx::AssertSqlSafe(sql))
                    .bind($crate::rows::Day::from(query.tot))
                    .bind(query.limit);
                if let Some((datum, id)) = query.na {
                    q = q.bind($crate::rows::Day::from(datum)).bind(id);
                }
                if let Some(u) = query.verantwoordelijke {
                    q = q.bind(u.0);
                }
                for g in query.gemeenten {
                    q = q.bind(g.as_str().to_string());
                }
                q.fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                    .into_iter().map($crate::rows::OpenTermijnRow::into_record).collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::InterventionsWrite for $name {
            async fn insert_catalogus(&mut self, v: &$crate::baken_store::CatalogusVersieRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO catalogusversies (id, gemeente_code, versie, vastgesteld_op, tekst, sha256, geladen_op, geladen_door) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(v.id)
                .bind(v.gemeente.as_str())
                .bind(&v.versie)
                .bind(v.vastgesteld_op)
                .bind(&v.tekst)
                .bind(&v.sha256)
                .bind(v.geladen_op)
                .bind(v.geladen_door.map(|u| u.0))
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "catalogusversie"))?;
                Ok(())
            }

            async fn next_maatregel_nummer(&mut self, gemeente: &$crate::baken_domain::GemeenteCode, jaar: i32) -> $crate::baken_store::StoreResult<i64> {
                $crate::sqlx::query_scalar(
                    "INSERT INTO maatregel_nummers (gemeente_code, jaar, laatste) VALUES ($1, $2, 1) \
                     ON CONFLICT (gemeente_code, jaar) DO UPDATE SET laatste = maatregel_nummers.laatste + 1 RETURNING laatste",
                )
                .bind(gemeente.as_str())
                .bind(i64::from(jaar))
                .fetch_one(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "gemeente"))
            }

            async fn insert_maatregel(&mut self, m: &$crate::baken_store::MaatregelRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO maatregelen (", $crate::maatregel_columns!(), ") \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
                ))
                .bind(m.id).bind(m.dossier_id).bind(m.gemeente.as_str()).bind(&m.nummer).bind(&m.instrument)
                .bind(&m.catalogus_versie).bind(&m.beleidsregel).bind(&m.bevoegd).bind(&m.grond).bind(m.spoed)
                .bind(&m.spoed_motivering).bind(&m.duur).bind($crate::rows::adressaten_json(&m.adressaten)).bind(m.object_id)
                .bind(&m.motivering).bind(&m.status).bind(m.verantwoordelijke.0).bind(m.aangemaakt_op)
                .bind(m.aangemaakt_door.0).bind(m.versie)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "maatregel"))?;
                Ok(())
            }

            async fn update_maatregel(&mut self, m: &$crate::baken_store::MaatregelRecord, expected_versie: i64) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query(
                    "UPDATE maatregelen SET grond = $3, spoed = $4, spoed_motivering = $5, duur = $6, adressaten = $7, object_id = $8, \
                     motivering = $9, status = $10, verantwoordelijke = $11, versie = $12 WHERE id = $1 AND versie = $2",
                )
                .bind(m.id).bind(expected_versie).bind(&m.grond).bind(m.spoed).bind(&m.spoed_motivering).bind(&m.duur)
                .bind($crate::rows::adressaten_json(&m.adressaten)).bind(m.object_id).bind(&m.motivering).bind(&m.status)
                .bind(m.verantwoordelijke.0).bind(m.versie)
                .execute(&mut *self.tx).await.map_err(|e| $crate::map_err(e, "maatregel"))?
                .rows_affected() > 0)
            }

            async fn insert_maatregel_stap(&mut self, s: &$crate::baken_store::MaatregelStapRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO maatregel_stappen (", $crate::maatregel_stap_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                ))
                .bind(s.id).bind(s.maatregel_id).bind(&s.stap).bind(s.datum).bind(&s.duur).bind(&s.toelichting)
                .bind(&s.ecli).bind(s.bijlage_id).bind(s.geregistreerd_op).bind(s.geregistreerd_door.0)
                .bind(&s.gevaar).bind(&s.bibob_grond).bind(s.bedrag_cent)
                .execute(&mut *self.tx).await
                .map_err(|e| $crate::map_err(e, "maatregel"))?;
                Ok(())
            }

            async fn replace_termijnen(&mut self, maatregel: $crate::sqlx::types::Uuid, termijnen: &[$crate::baken_store::TermijnRecord]) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("DELETE FROM termijnen WHERE maatregel_id = $1")
                    .bind(maatregel)
                    .execute(&mut *self.tx).await.map_err($crate::backend)?;
                for t in termijnen {
                    $crate::sqlx::query(concat!(
                        "INSERT INTO termijnen (", $crate::termijn_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                    ))
                    .bind(t.id).bind(t.dossier_id).bind(t.maatregel_id).bind(t.gemeente.as_str()).bind(&t.soort)
                    .bind(&t.omschrijving).bind(&t.aan).bind(t.einddatum).bind(t.voldaan).bind(t.verantwoordelijke.0)
                    .execute(&mut *self.tx).await
                    .map_err(|e| $crate::map_err(e, "termijn"))?;
                }
                Ok(())
            }

            async fn replace_dossier_termijnen(&mut self, dossier: $crate::sqlx::types::Uuid, soort: &str, termijnen: &[$crate::baken_store::TermijnRecord]) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("DELETE FROM termijnen WHERE dossier_id = $1 AND maatregel_id IS NULL AND soort = $2")
                    .bind(dossier).bind(soort)
                    .execute(&mut *self.tx).await.map_err($crate::backend)?;
                for t in termijnen {
                    $crate::sqlx::query(concat!(
                        "INSERT INTO termijnen (", $crate::termijn_columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                    ))
                    .bind(t.id).bind(t.dossier_id).bind(t.maatregel_id).bind(t.gemeente.as_str()).bind(&t.soort)
                    .bind(&t.omschrijving).bind(&t.aan).bind(t.einddatum).bind(t.voldaan).bind(t.verantwoordelijke.0)
                    .execute(&mut *self.tx).await
                    .map_err(|e| $crate::map_err(e, "termijn"))?;
                }
                Ok(())
            }

            async fn draag_maatregelen_over(
                &mut self,
                dossiers: &[$crate::sqlx::types::Uuid],
                van: $crate::baken_domain::UserId,
                naar: $crate::baken_domain::UserId,
            ) -> $crate::baken_store::StoreResult<u64> {
                if dossiers.is_empty() {
                    return Ok(0);
                }
                let list = $crate::placeholders::<$db>(3, dossiers.len());
                // Only placeholders are formatted in; every value is bound.
                let sql = format!(
                    "UPDATE maatregelen SET verantwoordelijke = $2, versie = versie + 1 \
                     WHERE verantwoordelijke = $1 AND status = 'lopend' AND dossier_id IN ({list})"
                );
                let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql)).bind(van.0).bind(naar.0);
                for d in dossiers {
                    query = query.bind(*d);
                }
                let moved = query.execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                let sql = format!(
                    "UPDATE termijnen SET verantwoordelijke = $2 WHERE verantwoordelijke = $1 AND dossier_id IN ({list})"
                );
                let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql)).bind(van.0).bind(naar.0);
                for d in dossiers {
                    query = query.bind(*d);
                }
                query.execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(moved)
            }
        }
    };
}
