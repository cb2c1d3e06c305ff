//! Conformance cases for the audit log and the access log.

#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

use super::*;

pub async fn audit_is_listed_newest_first_and_filtered(store: &dyn Store) {
    let actor = UserId::new();
    let mut tx = store.begin().await.unwrap();
    let mut first = audit("aanmelden.mislukt", None);
    first.at = now() - Duration::seconds(10);
    let second = audit("aanmelden.gelukt", Some(actor));
    let third = audit("gebruiker.toegevoegd", Some(actor));
    for r in [&first, &second, &third] {
        tx.append_audit(r).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let all = tx
        .list_audit(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2], first, "oldest last");
    let login = tx
        .list_audit(&AuditFilter {
            action_prefix: Some("aanmelden.".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(login.len(), 2);
    let by_actor = tx
        .list_audit(&AuditFilter {
            actor: Some(actor),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_actor.len(), 1);
    let like_is_not_a_wildcard = tx
        .list_audit(&AuditFilter {
            action_prefix: Some("%".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(like_is_not_a_wildcard.is_empty());
}

pub async fn access_log_round_trip(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let dossier = Uuid::new_v4();
    let mut tx = store.begin().await.unwrap();
    for (soort, object) in [("dossier", dossier), ("entiteit", Uuid::new_v4())] {
        tx.append_access(&AccessRecord {
            id: Uuid::new_v4(),
            at: now(),
            user,
            object_soort: soort.into(),
            object_id: object,
            dossier_id: Some(dossier),
            context: "GET /signalen/{id}".into(),
            trace_id: Some(format!("{:032x}", object.as_u128())),
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.list_access(Some(dossier), None, 10).await.unwrap().len(),
        2,
        "by dossier"
    );
    assert_eq!(
        tx.list_access(None, Some(user), 1).await.unwrap()[0].object_soort,
        "entiteit",
        "newest first"
    );
    assert!(
        tx.list_access(None, Some(UserId::new()), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let traces = tx.traces_of_user(user, 10).await.unwrap();
    assert_eq!(traces.len(), 2);
    let by_trace = tx.access_by_traces(&traces[..1]).await.unwrap();
    assert_eq!(by_trace.len(), 1);
    assert_eq!(by_trace[0].trace_id.as_ref(), Some(&traces[0]));
    assert!(tx.access_by_traces(&[]).await.unwrap().is_empty());
    drop(tx);

    // The processing log: found by data subject, dossier, activity, period and trace.
    let record =
        |trace: &str, subject: Option<&str>, activity: &str, at: OffsetDateTime| VerwerkingRecord {
            id: Uuid::new_v4(),
            trace_id: trace.into(),
            span_id: "00f067aa0ba902b7".into(),
            parent_span_id: None,
            actie: "dossier.lezen".into(),
            start_op: at,
            eind_op: at + Duration::milliseconds(3),
            status: 1,
            verwerkingsactiviteit: activity.into(),
            betrokkene: subject.map(String::from),
            betrokkene_type: subject.map(|_| "BSN".into()),
            dossier_id: Some(dossier),
            gemeente: Some(GemeenteCode::parse("GM0534").unwrap()),
        };
    let early = record(
        &traces[1],
        Some("pseudoniem-a"),
        "inzage",
        now() - Duration::days(2),
    );
    let late = record(&traces[0], Some("pseudoniem-b"), "bronnenonderzoek", now());
    let anonymous = record(&traces[0], None, "inzage", now());
    let mut tx = store.begin().await.unwrap();
    tx.append_verwerking(&early).await.unwrap();
    tx.append_verwerkingen(&[late.clone(), anonymous.clone()])
        .await
        .unwrap();
    tx.append_verwerkingen(&[]).await.unwrap();
    // Many at once: more rows than one statement takes.
    let many: Vec<AccessRecord> = (0..1234)
        .map(|n| AccessRecord {
            id: Uuid::new_v4(),
            at: now(),
            user,
            object_soort: "zoekresultaat".into(),
            object_id: Uuid::new_v4(),
            dossier_id: None,
            context: format!("zoekopdracht {n}"),
            trace_id: Some("f".repeat(32)),
        })
        .collect();
    tx.append_access_batch(&many).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    let stored = tx.access_by_traces(&["f".repeat(32)]).await.unwrap();
    assert_eq!(stored, many, "all of them, in order");
    drop(tx);
    let mut tx = store.begin_read().await.unwrap();
    let all = VerwerkingFilter {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        tx.list_verwerkingen(&all).await.unwrap(),
        vec![anonymous.clone(), late.clone(), early.clone()]
    );
    let by_subject = VerwerkingFilter {
        betrokkene: Some("pseudoniem-a".into()),
        ..all.clone()
    };
    assert_eq!(
        tx.list_verwerkingen(&by_subject).await.unwrap(),
        vec![early.clone()]
    );
    let by_activity = VerwerkingFilter {
        verwerkingsactiviteit: Some("bronnenonderzoek".into()),
        ..all.clone()
    };
    assert_eq!(
        tx.list_verwerkingen(&by_activity).await.unwrap(),
        vec![late.clone()]
    );
    let by_period = VerwerkingFilter {
        vanaf: Some(now() - Duration::days(1)),
        ..all.clone()
    };
    assert_eq!(tx.list_verwerkingen(&by_period).await.unwrap().len(), 2);
    let before = VerwerkingFilter {
        tot: Some(now() - Duration::days(1)),
        ..all.clone()
    };
    assert_eq!(
        tx.list_verwerkingen(&before).await.unwrap(),
        vec![early.clone()]
    );
    let by_trace = VerwerkingFilter {
        trace_ids: Some(vec![traces[1].clone()]),
        ..all.clone()
    };
    assert_eq!(tx.list_verwerkingen(&by_trace).await.unwrap(), vec![early]);
    let no_traces = VerwerkingFilter {
        trace_ids: Some(vec![]),
        ..all.clone()
    };
    assert!(tx.list_verwerkingen(&no_traces).await.unwrap().is_empty());
    let other = VerwerkingFilter {
        dossier_id: Some(Uuid::new_v4()),
        ..all
    };
    assert!(tx.list_verwerkingen(&other).await.unwrap().is_empty());
}
