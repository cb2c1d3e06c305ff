//! Conformance cases for sessions and API tokens.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn sessions_lifecycle(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let user = sample_user("a@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    let mut first = session(user.id, "hash-1", SessionStage::AwaitingMfa);
    let second = session(user.id, "hash-2", SessionStage::Complete);
    let third = session(user.id, "hash-3", SessionStage::Complete);
    for s in [&first, &second, &third] {
        tx.insert_session(s).await.unwrap();
    }
    assert_eq!(
        tx.session_by_token_hash("hash-1").await.unwrap().as_ref(),
        Some(&first)
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_session(&session(user.id, "hash-1", SessionStage::Complete))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict("token")), "{err:?}");
    drop(tx);
    let mut tx = store.begin().await.unwrap();

    first.stage = SessionStage::Complete;
    first.token_hash = "hash-1b".into();
    first.last_seen_at = now() + Duration::seconds(5);
    first.active_gemeente = Some(GemeenteCode::parse("GM0534").unwrap());
    tx.update_session(&first).await.unwrap();
    assert_eq!(
        tx.session_by_token_hash("hash-1").await.unwrap(),
        None,
        "rotated token no longer matches"
    );
    assert_eq!(
        tx.session_by_token_hash("hash-1b").await.unwrap().as_ref(),
        Some(&first)
    );
    assert_eq!(tx.list_user_sessions(user.id).await.unwrap().len(), 3);

    tx.delete_session(third.id).await.unwrap();
    assert_eq!(
        tx.delete_user_sessions(user.id, Some(first.id))
            .await
            .unwrap(),
        1
    );
    let left = tx.list_user_sessions(user.id).await.unwrap();
    assert_eq!(
        left.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![first.id]
    );
    assert_eq!(
        tx.delete_sessions_expired_before(now() + Duration::hours(13))
            .await
            .unwrap(),
        1
    );
    assert!(tx.list_user_sessions(user.id).await.unwrap().is_empty());
}

pub async fn api_tokens_lifecycle(store: &dyn Store) {
    with_gemeenten(store, &[("GM0534", "Hillegom")]).await;
    let user = sample_user("a@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let other = sample_user("b@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&user).await.unwrap();
    tx.insert_user(&other).await.unwrap();
    let token = ApiTokenRecord {
        id: Uuid::new_v4(),
        user_id: user.id,
        label: "koppeling".into(),
        token_hash: "th".into(),
        created_at: now(),
        last_used_at: None,
        revoked_at: None,
        expires_at: Some(now() + Duration::days(90)),
    };
    tx.insert_api_token(&token).await.unwrap();
    assert_eq!(
        tx.api_token_by_hash("th").await.unwrap().as_ref(),
        Some(&token)
    );
    let used = now() + Duration::seconds(1);
    tx.touch_api_token(token.id, used).await.unwrap();
    assert_eq!(
        tx.api_token_by_hash("th")
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(used)
    );
    assert!(
        !tx.revoke_api_token(other.id, token.id, now())
            .await
            .unwrap(),
        "only the owner revokes"
    );
    assert!(tx.revoke_api_token(user.id, token.id, now()).await.unwrap());
    assert!(
        tx.api_token_by_hash("th")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert_eq!(tx.list_api_tokens(user.id).await.unwrap().len(), 1);
    assert!(tx.list_api_tokens(other.id).await.unwrap().is_empty());

    // All of a user's tokens at once (password change, sign out everywhere); not another's.
    for (hash, owner) in [("t1", &user), ("t2", &user), ("t3", &other)] {
        tx.insert_api_token(&ApiTokenRecord {
            id: Uuid::new_v4(),
            user_id: owner.id,
            token_hash: hash.into(),
            expires_at: None,
            ..token.clone()
        })
        .await
        .unwrap();
    }
    assert_eq!(
        tx.revoke_user_api_tokens(user.id, now()).await.unwrap(),
        2,
        "the two active ones; the revoked one stays as it was"
    );
    assert!(
        tx.list_api_tokens(user.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some())
    );
    assert!(
        tx.api_token_by_hash("t3")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_none()
    );
    assert_eq!(
        tx.api_token_by_hash("t1")
            .await
            .unwrap()
            .unwrap()
            .expires_at,
        None
    );
}
