//! Administration: municipalities, accounts, roles. Only a `beheerder` (or the operator at the
//! command line) may do any of it.

use crate::audit::{RequestContext, user_object};
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::hash_password;
use crate::{Caller, Services};
use baken_domain::authz::check_role_assignment;
use baken_domain::{
    DisplayName, Email, Gemeente, GemeenteCode, GemeenteNaam, Permission, Role, UserId,
    ValidationErrors, password,
};
use baken_store::{StoreError, TotpState, UserProfileUpdate, UserRecord};
use serde_json::json;

/// A new account as typed into a form, the API or the CLI; validated as a whole.
#[derive(Debug, Clone, Default)]
pub struct NewUserInput {
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    pub gemeenten: Vec<String>,
    pub password: String,
}

/// Changes to an existing account.
#[derive(Debug, Clone, Default)]
pub struct UserUpdateInput {
    pub name: String,
    pub roles: Vec<String>,
    pub gemeenten: Vec<String>,
    pub active: bool,
    pub bibob_clearance: bool,
}

impl Services {
    fn require_admin(&self, caller: &Caller) -> ServiceResult<()> {
        match caller {
            Caller::System => Ok(()),
            Caller::User(actor) if actor.may(Permission::Administer) => Ok(()),
            Caller::User(_) => Err(ServiceError::Forbidden),
        }
    }

    /// Every municipality, by code. Any signed-in user may list them (for the switcher and forms).
    pub async fn gemeenten(&self) -> ServiceResult<Vec<Gemeente>> {
        // Every page shows municipality names; they change rarely, so they are kept for a short while.
        const FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(30);
        if let Ok(cache) = self.gemeenten_cache.read()
            && let Some((at, list)) = cache.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(list.clone());
        }
        let mut tx = self.store.begin_read().await?;
        let list = tx.list_gemeenten().await?;
        if let Ok(mut cache) = self.gemeenten_cache.write() {
            *cache = Some((std::time::Instant::now(), list.clone()));
        }
        Ok(list)
    }

    fn forget_gemeenten(&self) {
        if let Ok(mut cache) = self.gemeenten_cache.write() {
            *cache = None;
        }
    }

    pub async fn add_gemeente(
        &self,
        caller: &Caller,
        code: &str,
        naam: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<Gemeente> {
        self.require_admin(caller)?;
        let mut errors = ValidationErrors::new();
        let code = errors.check("code", GemeenteCode::parse(code));
        let naam = errors.check("naam", GemeenteNaam::parse(naam));
        errors.into_result()?;
        let gemeente = Gemeente {
            code: code.expect("checked"),
            naam: naam.expect("checked"),
        };
        let mut tx = self.store.begin().await?;
        match tx.insert_gemeente(&gemeente).await {
            Err(StoreError::Conflict(_)) => {
                let mut errors = ValidationErrors::new();
                errors.add("code", format!("Gemeente {} bestaat al.", gemeente.code));
                return Err(ServiceError::Invalid(errors));
            }
            other => other?,
        }
        self.audit_admin(caller, ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::GemeenteToegevoegd,
                Some(format!("gemeente:{}", gemeente.code)),
                crate::audit::Outcome::Gelukt,
                json!({"naam": gemeente.naam.as_str()}),
            )
            .await?;
        tx.commit().await?;
        self.forget_gemeenten();
        Ok(gemeente)
    }

    pub async fn rename_gemeente(
        &self,
        caller: &Caller,
        code: &str,
        naam: &str,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        self.require_admin(caller)?;
        let code = GemeenteCode::parse(code).map_err(|_| ServiceError::NotFound)?;
        let mut errors = ValidationErrors::new();
        let naam = errors.check("naam", GemeenteNaam::parse(naam));
        errors.into_result()?;
        let naam = naam.expect("checked");
        let mut tx = self.store.begin().await?;
        if !tx.rename_gemeente(&code, &naam).await? {
            return Err(ServiceError::NotFound);
        }
        self.audit_admin(caller, ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::GemeenteGewijzigd,
                Some(format!("gemeente:{code}")),
                crate::audit::Outcome::Gelukt,
                json!({"naam": naam.as_str()}),
            )
            .await?;
        tx.commit().await?;
        self.forget_gemeenten();
        Ok(())
    }

    fn audit_admin<'a>(&self, caller: &Caller, ctx: &'a RequestContext) -> crate::audit::Audit<'a> {
        crate::audit::Audit {
            at: self.clock.now(),
            actor: caller.actor_id(),
            ctx,
        }
    }

    /// Parses roles and municipalities and checks them against the rules and the known municipalities.
    async fn parse_access(
        &self,
        roles: &[String],
        gemeenten: &[String],
        errors: &mut ValidationErrors,
    ) -> ServiceResult<(Vec<Role>, Vec<GemeenteCode>)> {
        let mut parsed_roles = Vec::new();
        for role in roles.iter().filter(|r| !r.trim().is_empty()) {
            if let Some(role) = errors.check("rollen", Role::parse(role))
                && !parsed_roles.contains(&role)
            {
                parsed_roles.push(role);
            }
        }
        parsed_roles.sort();
        let known = self.gemeenten().await?;
        let mut parsed_gemeenten = Vec::new();
        for code in gemeenten.iter().filter(|g| !g.trim().is_empty()) {
            match GemeenteCode::parse(code) {
                Ok(code) if known.iter().any(|g| g.code == code) => {
                    if !parsed_gemeenten.contains(&code) {
                        parsed_gemeenten.push(code);
                    }
                }
                Ok(code) => errors.add(
                    "gemeenten",
                    format!("Gemeente {code} is niet bekend. Voeg haar eerst toe."),
                ),
                Err(reason) => errors.add("gemeenten", reason),
            }
        }
        parsed_gemeenten.sort();
        if errors.for_field("rollen").is_none() && errors.for_field("gemeenten").is_none() {
            for (field, reason) in check_role_assignment(&parsed_roles, &parsed_gemeenten) {
                errors.add(field, reason);
            }
        }
        Ok((parsed_roles, parsed_gemeenten))
    }

    /// Creates an account. All invalid fields are reported at once.
    pub async fn add_user(
        &self,
        caller: &Caller,
        input: &NewUserInput,
        ctx: &RequestContext,
    ) -> ServiceResult<UserRecord> {
        self.require_admin(caller)?;
        let mut errors = ValidationErrors::new();
        let email = errors.check("email", Email::parse(&input.email));
        let name = errors.check("naam", DisplayName::parse(&input.name));
        let (roles, gemeenten) = self
            .parse_access(&input.roles, &input.gemeenten, &mut errors)
            .await?;
        errors.check("wachtwoord", password::check_new_password(&input.password));
        if let Some(email) = &email {
            let mut tx = self.store.begin_read().await?;
            if tx.user_by_email(email.as_str()).await?.is_some() {
                errors.add("email", "Er bestaat al een account met dit e-mailadres.");
            }
        }
        errors.into_result()?;
        let user = UserRecord {
            id: UserId::new(),
            email: email.expect("checked"),
            name: name.expect("checked"),
            password_hash: hash_password(input.password.clone())
                .await
                .map_err(ServiceError::Internal)?,
            roles,
            gemeenten,
            active: true,
            bibob_clearance: false,
            totp: TotpState::default(),
            created_at: self.clock.now(),
        };
        let mut tx = self.store.begin().await?;
        match tx.insert_user(&user).await {
            Err(StoreError::Conflict(_)) => {
                let mut errors = ValidationErrors::new();
                errors.add("email", "Er bestaat al een account met dit e-mailadres.");
                return Err(ServiceError::Invalid(errors));
            }
            other => other?,
        }
        self.audit_admin(caller, ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::GebruikerToegevoegd,
                user_object(user.id),
                crate::audit::Outcome::Gelukt,
                json!({"rollen": user.roles, "gemeenten": user.gemeenten}),
            )
            .await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn users(&self, caller: &Caller) -> ServiceResult<Vec<UserRecord>> {
        self.require_admin(caller)?;
        let mut tx = self.store.begin_read().await?;
        Ok(tx.list_users().await?)
    }

    pub async fn user(&self, caller: &Caller, id: UserId) -> ServiceResult<UserRecord> {
        self.require_admin(caller)?;
        let mut tx = self.store.begin_read().await?;
        tx.user_by_id(id).await?.ok_or(ServiceError::NotFound)
    }

    /// Changes an account's name, roles, municipalities, status and Bibob clearance. Deactivating an
    /// account ends its sessions.
    pub async fn update_user(
        &self,
        caller: &Caller,
        id: UserId,
        input: &UserUpdateInput,
        ctx: &RequestContext,
    ) -> ServiceResult<UserRecord> {
        self.require_admin(caller)?;
        let mut errors = ValidationErrors::new();
        let name = errors.check("naam", DisplayName::parse(&input.name));
        let (roles, gemeenten) = self
            .parse_access(&input.roles, &input.gemeenten, &mut errors)
            .await?;
        if caller.actor_id() == Some(id) && (!input.active || !roles.contains(&Role::Beheerder)) {
            errors.add(
                "rollen",
                "U kunt uw eigen beheerdersrechten niet intrekken of uw eigen account blokkeren.",
            );
        }
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let update = UserProfileUpdate {
            name: name.expect("checked"),
            active: input.active,
            bibob_clearance: input.bibob_clearance,
        };
        if !tx.update_user_profile(id, &update).await? {
            return Err(ServiceError::NotFound);
        }
        tx.set_user_access(id, &roles, &gemeenten).await?;
        if !input.active {
            tx.delete_user_sessions(id, None).await?;
            tx.revoke_user_api_tokens(id, self.clock.now()).await?;
        }
        self.audit_admin(caller, ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::GebruikerGewijzigd,
                user_object(id),
                crate::audit::Outcome::Gelukt,
                json!({"rollen": roles, "gemeenten": gemeenten, "actief": input.active, "bibob": input.bibob_clearance}),
            )
            .await?;
        let user = tx.user_by_id(id).await?.ok_or(ServiceError::NotFound)?;
        tx.commit().await?;
        Ok(user)
    }

    /// Removes an account's second factor (lost phone); the user enrols again at the next sign-in.
    pub async fn reset_second_factor(
        &self,
        caller: &Caller,
        id: UserId,
        ctx: &RequestContext,
    ) -> ServiceResult<()> {
        self.require_admin(caller)?;
        let mut tx = self.store.begin().await?;
        tx.user_by_id(id).await?.ok_or(ServiceError::NotFound)?;
        tx.set_totp(id, &TotpState::default()).await?;
        tx.replace_recovery_codes(id, &[]).await?;
        tx.delete_user_sessions(id, None).await?;
        self.audit_admin(caller, ctx)
            .write(
                tx.as_mut(),
                crate::audit::AuditAction::MfaGereset,
                user_object(id),
                crate::audit::Outcome::Gelukt,
                json!({}),
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether any account exists (the demo seeds only an empty database).
    pub async fn has_users(&self) -> ServiceResult<bool> {
        let mut tx = self.store.begin_read().await?;
        Ok(tx.count_users().await? > 0)
    }

    /// The most recent audit records (for administrators).
    pub async fn recent_audit(
        &self,
        caller: &Caller,
        limit: i64,
    ) -> ServiceResult<Vec<baken_store::AuditRecord>> {
        self.require_admin(caller)?;
        let mut tx = self.store.begin_read().await?;
        Ok(tx
            .list_audit(&baken_store::AuditFilter {
                limit,
                ..Default::default()
            })
            .await?)
    }
}
