//! The sqlx implementation of the port for retention: closing outcomes, legal holds, destruction and its records. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::RetentionRead`] and [`baken_store::RetentionWrite`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_retention {
    ($name:ident, $db:ty, lock_dossier = $lock:literal, lock_key = $lock_key:literal, search = $search:expr, search_terms = $terms:path) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RetentionRead for $name {
            async fn bewaring_open(&mut self) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BewaringRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BewaringRow>(
                    "SELECT b.dossier_id, d.gemeente_code, d.nummer, b.uitkomst, b.afgesloten_op, b.blokkade_reden, b.afgehandeld \
                     FROM bewaring b JOIN dossiers d ON d.id = b.dossier_id \
                     WHERE b.afgehandeld IS NULL AND b.uitkomst IS NOT NULL ORDER BY b.afgesloten_op, b.dossier_id",
                )
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::BewaringRow::into_record).collect()
            }

            async fn bewaring(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::BewaringRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BewaringRow>(
                    "SELECT b.dossier_id, d.gemeente_code, d.nummer, b.uitkomst, b.afgesloten_op, b.blokkade_reden, b.afgehandeld \
                     FROM bewaring b JOIN dossiers d ON d.id = b.dossier_id WHERE b.dossier_id = $1",
                )
                .bind(dossier)
                .fetch_optional(&mut *self.tx).await.map_err($crate::backend)?
                .map($crate::rows::BewaringRow::into_record).transpose()
            }

            async fn vernietigingen(&mut self, batch: Option<$crate::sqlx::types::Uuid>, limit: i64) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::VernietigingRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::VernietigingRow>(
                    "SELECT id, batch_id, dossier_id, nummer, gemeente_code, soort, uitkomst, afgesloten_op, regel, actie, uitgevoerd_op, uitgevoerd_door \
                     FROM vernietigingen WHERE ($1 IS NULL OR batch_id = $1) ORDER BY uitgevoerd_op DESC, nummer LIMIT $2",
                )
                .bind(batch).bind(limit)
                .fetch_all(&mut *self.tx).await.map_err($crate::backend)?
                .into_iter().map($crate::rows::VernietigingRow::into_record).collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RetentionWrite for $name {
            async fn set_afgesloten(&mut self, dossier: $crate::sqlx::types::Uuid, uitkomst: &str, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO bewaring (dossier_id, uitkomst, afgesloten_op) VALUES ($1, $2, $3) \
                     ON CONFLICT (dossier_id) DO UPDATE SET uitkomst = excluded.uitkomst, afgesloten_op = excluded.afgesloten_op",
                )
                .bind(dossier).bind(uitkomst).bind(at)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn set_blokkade(&mut self, dossier: $crate::sqlx::types::Uuid, reden: Option<&str>, door: Option<$crate::baken_domain::UserId>, at: $crate::rows::Instant) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO bewaring (dossier_id, blokkade_reden, blokkade_door, blokkade_op) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (dossier_id) DO UPDATE SET blokkade_reden = excluded.blokkade_reden, blokkade_door = excluded.blokkade_door, blokkade_op = excluded.blokkade_op",
                )
                .bind(dossier).bind(reden).bind(door.map(|u| u.0)).bind(at)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn set_afgehandeld(&mut self, dossier: $crate::sqlx::types::Uuid, actie: &str) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query("UPDATE bewaring SET afgehandeld = $2 WHERE dossier_id = $1")
                    .bind(dossier).bind(actie)
                    .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }

            async fn destroy_content(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<$crate::baken_store::Vernietigd> {
                let mut done = self.anonymise(dossier).await?;
                done.journaalinhoud = $crate::sqlx::query("DELETE FROM journaal_inhoud WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                done.zoekteksten = $crate::sqlx::query("DELETE FROM zoekteksten WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                $crate::sqlx::query("DELETE FROM privacytoetsen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("DELETE FROM wegingen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("DELETE FROM toetsaanvragen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("DELETE FROM toegangsverzoeken WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("DELETE FROM bronraadplegingen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("DELETE FROM partnerverzoeken WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                // Interventions go with their steps (cascade) and deadlines.
                $crate::sqlx::query("DELETE FROM termijnen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("DELETE FROM maatregelen WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                // A case's tasks and its own text go too (its number, status and dates stay).
                $crate::sqlx::query("DELETE FROM taken WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                // The agenda keeps that the dossier was discussed and what was decided; the
                // decision's text goes with the journal.
                $crate::sqlx::query("UPDATE overleg_agendapunten SET journaalpost_id = NULL, toelichting = NULL WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query("UPDATE casussen SET doel = '', plan_van_aanpak = NULL, afdelingen = '[]', partners = '[]' WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                done.bijlagen = $crate::sqlx::query_scalar::<_, $crate::sqlx::types::Uuid>(
                    "SELECT id FROM bijlagen WHERE dossier_id = $1 AND sleutel IS NOT NULL ORDER BY id",
                )
                .bind(dossier).fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                // Crypto-shredding: without its wrapped key an attachment cannot be decrypted.
                $crate::sqlx::query("UPDATE bijlagen SET sleutel = NULL, bestandsnaam = 'vernietigd' WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                $crate::sqlx::query(
                    "UPDATE dossiers SET omschrijving = '', indicatoren = NULL, waargenomen_op = NULL WHERE id = $1",
                )
                .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(done)
            }

            async fn anonymise(&mut self, dossier: $crate::sqlx::types::Uuid) -> $crate::baken_store::StoreResult<$crate::baken_store::Vernietigd> {
                let mut done = $crate::baken_store::Vernietigd::default();
                let linked: Vec<$crate::sqlx::types::Uuid> = $crate::sqlx::query_scalar(
                    "SELECT DISTINCT entiteit_id FROM dossier_entiteiten WHERE dossier_id = $1",
                )
                .bind(dossier).fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                done.koppelingen = $crate::sqlx::query("DELETE FROM dossier_entiteiten WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                for entity in linked {
                    done.entiteiten += $crate::sqlx::query(
                        "DELETE FROM entiteiten WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM dossier_entiteiten l WHERE l.entiteit_id = $1)",
                    )
                    .bind(entity).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                }
                $crate::sqlx::query("UPDATE dossiers SET melder_naam = NULL, melder_contact = NULL WHERE id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                // A case's name is usually an address or an undertaking: it goes, its number stays.
                $crate::sqlx::query("UPDATE casussen SET naam = 'geanonimiseerd' WHERE dossier_id = $1")
                    .bind(dossier).execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(done)
            }

            async fn insert_vernietiging(&mut self, r: &$crate::baken_store::VernietigingRecord) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(
                    "INSERT INTO vernietigingen (id, batch_id, dossier_id, nummer, gemeente_code, soort, uitkomst, afgesloten_op, regel, actie, uitgevoerd_op, uitgevoerd_door) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(r.id).bind(r.batch_id).bind(r.dossier_id).bind(&r.nummer).bind(r.gemeente.as_str()).bind(&r.soort)
                .bind(&r.uitkomst).bind(r.afgesloten_op).bind(&r.regel).bind(&r.actie).bind(r.uitgevoerd_op).bind(&r.uitgevoerd_door)
                .execute(&mut *self.tx).await.map_err($crate::backend)?;
                Ok(())
            }
        }
    };
}
