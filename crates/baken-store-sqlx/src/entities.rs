//! The sqlx implementation of the port for subjects and objects, per municipality, and their links to dossiers. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::EntitiesRead`] and [`baken_store::EntitiesWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_entities {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::EntitiesRead for $name {
            async fn entiteit_by_sleutel(&mut self, gemeente: &$crate::baken_domain::GemeenteCode, sleutel: &str) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::EntiteitRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>("SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten WHERE sleutel = $1")
                    .bind($crate::scoped_sleutel(gemeente, sleutel))
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::EntiteitRow::into_record)
                    .transpose()
            }

            async fn dossiers_met_sleutel(&mut self, sleutel: &str) -> $crate::baken_store::StoreResult<Vec<($crate::baken_store::DossierRecord, $crate::baken_domain::entiteit::Rol)>> {
                let rows = $crate::sqlx::query_as::<_, $crate::rows::DossierRow>(
                    concat!("SELECT ", $crate::dossier_select!(), ", l.rol, l.entiteit_id FROM entiteiten e \
                     JOIN dossier_entiteiten l ON l.entiteit_id = e.id JOIN dossiers d ON d.id = l.dossier_id \
                     WHERE e.identificatie = $1 OR (e.identificatie >= $2 AND e.identificatie < $3) ORDER BY d.sorteer_op DESC"),
                )
                .bind(sleutel)
                // The keys that extend it: from `sleutel:` up to `sleutel;` (the next character),
                // a range both backends answer from the index.
                .bind(format!("{sleutel}:"))
                .bind(format!("{sleutel};"))
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                let mut result = Vec::with_capacity(rows.len());
                for row in rows {
                    let rol = row.rol.clone().unwrap_or_default();
                    result.push((row.into_record()?, $crate::baken_domain::entiteit::Rol::parse(&rol).map_err(|e| $crate::baken_store::StoreError::Backend(e))?));
                }
                Ok(result)
            }

            async fn entiteit(&mut self, id: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::EntiteitRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>("SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .map($crate::rows::EntiteitRow::into_record)
                    .transpose()
            }

            async fn dossier_entiteiten(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<($crate::baken_store::EntiteitRecord, $crate::baken_domain::entiteit::Rol)>> {
                $crate::sqlx::query_as::<_, $crate::rows::LinkedEntiteitRow>(
                    "SELECT e.id, e.gemeente_code, e.gegevens, e.aangemaakt_op, l.rol FROM dossier_entiteiten l JOIN entiteiten e ON e.id = l.entiteit_id \
                     WHERE l.dossier_id = $1 ORDER BY l.aangemaakt_op, e.weergave",
                )
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::LinkedEntiteitRow::into_pair)
                .collect()
            }

            async fn entiteit_dossiers(&mut self, entiteit: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Vec<($crate::baken_store::DossierRecord, $crate::baken_domain::entiteit::Rol)>> {
                Ok(self
                    .entiteiten_dossiers(&[entiteit])
                    .await?
                    .into_iter()
                    .map(|(_, dossier, rol)| (dossier, rol))
                    .collect())
            }

            async fn list_entiteiten(&mut self, f: &$crate::baken_store::EntiteitFilter) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::EntiteitRecord>> {
                if f.gemeenten.is_empty() || f.soorten.is_empty() {
                    return Ok(Vec::new());
                }
                // Need-to-know mirrored from `baken_domain::dossier::dossier_access` (the service
                // checks it again): owner, assignee, registering user, team member, or every dossier.
                let sql = format!(
                    "SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten e WHERE ($1 IS NULL OR e.id > $1) AND e.soort IN ({}) \
                     AND EXISTS (SELECT 1 FROM dossier_entiteiten l JOIN dossiers d ON d.id = l.dossier_id \
                       WHERE l.entiteit_id = e.id AND d.gemeente_code IN ({}) \
                       AND ($2 OR d.eigenaar_id = $3 OR d.toegewezen_aan = $3 OR d.geregistreerd_door = $3 OR d.team LIKE $4)) \
                     ORDER BY e.id LIMIT $5",
                    $crate::placeholders::<$db>(6, f.soorten.len()),
                    $crate::placeholders::<$db>(6 + f.soorten.len(), f.gemeenten.len()),
                );
                // Only `$n` placeholders are formatted in; every value is bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>($crate::sqlx::AssertSqlSafe(sql))
                    .bind(f.na)
                    .bind(f.alle_dossiers)
                    .bind(f.betrokkene.0)
                    .bind(format!("%\"{}\"%", f.betrokkene.0))
                    .bind(f.limit);
                for soort in &f.soorten {
                    query = query.bind(soort.as_str());
                }
                for gemeente in &f.gemeenten {
                    query = query.bind(gemeente.as_str());
                }
                query
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .into_iter()
                    .map($crate::rows::EntiteitRow::into_record)
                    .collect()
            }

            async fn entiteiten_dossiers(&mut self, entiteiten: &[$crate::sqlx::types::Uuid]) -> $crate::baken_store::StoreResult<Vec<($crate::sqlx::types::Uuid, $crate::baken_store::DossierRecord, $crate::baken_domain::entiteit::Rol)>> {
                if entiteiten.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    concat!("SELECT ", $crate::dossier_select!(), ", l.rol, q.id AS entiteit_id FROM entiteiten q \
                     JOIN entiteiten e ON e.id = q.id OR e.identificatie = q.identificatie \
                     JOIN dossier_entiteiten l ON l.entiteit_id = e.id JOIN dossiers d ON d.id = l.dossier_id \
                     WHERE q.id IN ({}) ORDER BY d.sorteer_op DESC"),
                    $crate::placeholders::<$db>(1, entiteiten.len())
                );
                // Only `$n` placeholders are formatted in; the ids are bound.
                let mut query = $crate::sqlx::query_as::<_, $crate::rows::DossierRow>($crate::sqlx::AssertSqlSafe(sql));
                for id in entiteiten {
                    query = query.bind(*id);
                }
                let rows = query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                let mut result = Vec::with_capacity(rows.len());
                for row in rows {
                    let rol = row.rol.clone().unwrap_or_default();
                    let entiteit = row.entiteit_id.ok_or_else(|| $crate::baken_store::StoreError::Backend("link without entity".into()))?;
                    result.push((entiteit, row.into_record()?, $crate::baken_domain::entiteit::Rol::parse(&rol).map_err(|e| $crate::baken_store::StoreError::Backend(e))?));
                }
                Ok(result)
            }

            async fn personen_met_kenmerk(&mut self, kenmerk: &str) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::EntiteitRecord>> {
                // The marker holds only digits, dashes, dots and brackets: no LIKE wildcards.
                Ok($crate::sqlx::query_as::<_, $crate::rows::EntiteitRow>(
                    "SELECT id, gemeente_code, gegevens, aangemaakt_op FROM entiteiten WHERE soort = 'persoon' AND weergave LIKE $1 ORDER BY id LIMIT 200",
                )
                .bind(format!("% {kenmerk}"))
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::EntiteitRow::into_record).collect::<Result<Vec<_>, _>>()?)
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::EntitiesWrite for $name {
            async fn insert_entiteit(&mut self, e: &$crate::baken_store::EntiteitRecord) -> $crate::baken_store::StoreResult<()> {
                let identificatie = e.entiteit.sleutel();
                $crate::sqlx::query("INSERT INTO entiteiten (id, soort, sleutel, weergave, gegevens, aangemaakt_op, gemeente_code, identificatie) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .bind(e.id)
                    .bind(e.entiteit.soort().as_str())
                    .bind(identificatie.as_deref().map(|k| $crate::scoped_sleutel(&e.gemeente, k)))
                    .bind(e.entiteit.weergave())
                    .bind($crate::sqlx::types::Json(&e.entiteit))
                    .bind(e.aangemaakt_op)
                    .bind(e.gemeente.as_str())
                    .bind(identificatie)
                    .execute(&mut *self.tx)
                    .await
                    .map_err(|err| $crate::map_err(err, "sleutel"))?;
                Ok(())
            }

            async fn update_entiteit(&mut self, e: &$crate::baken_store::EntiteitRecord) -> $crate::baken_store::StoreResult<()> {
                let done = $crate::sqlx::query("UPDATE entiteiten SET weergave = $2, gegevens = $3 WHERE id = $1 AND gemeente_code = $4 AND soort = $5")
                    .bind(e.id)
                    .bind(e.entiteit.weergave())
                    .bind($crate::sqlx::types::Json(&e.entiteit))
                    .bind(e.gemeente.as_str())
                    .bind(e.entiteit.soort().as_str())
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                if done.rows_affected() == 0 {
                    return Err($crate::baken_store::StoreError::MissingReference("entiteit"));
                }
                Ok(())
            }

            async fn link_entiteit(&mut self, l: &$crate::baken_store::DossierEntiteitRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO dossier_entiteiten (dossier_id, entiteit_id, rol, aangemaakt_op, aangemaakt_door) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (dossier_id, entiteit_id, rol) DO NOTHING",
                )
                .bind(l.dossier_id).bind(l.entiteit_id).bind(l.rol.as_str()).bind(l.aangemaakt_op).bind(l.aangemaakt_door.0)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "entiteit"))?;
                Ok(())
            }

            async fn unlink_entiteit(&mut self, dossier: $crate::sqlx::types::Uuid, entiteit: $crate::sqlx::types::Uuid, rol: $crate::baken_domain::entiteit::Rol) -> $crate::baken_store::StoreResult<bool> {
                Ok($crate::sqlx::query("DELETE FROM dossier_entiteiten WHERE dossier_id = $1 AND entiteit_id = $2 AND rol = $3")
                    .bind(dossier).bind(entiteit).bind(rol.as_str())
                    .execute(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?
                    .rows_affected() > 0)
            }
        }
    };
}
