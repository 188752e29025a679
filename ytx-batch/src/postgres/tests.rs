//! Tests of `postgres`.

use super::*;
use crate::testing::Postgres;

fn answered(row: u64) -> Entry {
    Entry {
        row,
        state: RowState::Answered,
        fields: String::new(),
        sent_at: "20261206120000".into(),
        request_id: Some(format!("id-{row}")),
        detail: None,
    }
}

#[tokio::test]
async fn an_answer_is_recorded_only_under_its_own_claim() {
    let dir = std::env::temp_dir().join(format!("ytx-batch-pg-{}", std::process::id()));
    let postgres = Postgres::start(&dir);
    let url = postgres.url();
    let lease = Duration::from_millis(1500);
    let mut a = PgJournal::connect(&url, "c", "E for account X at h", "a", lease)
        .await
        .unwrap();
    let mut b = PgJournal::connect(&url, "c", "E for account X at h", "b", lease)
        .await
        .unwrap();
    let rows: Vec<(u64, String)> = (1..=3)
        .map(|row| (row, format!("{{\"n\":{row}}}")))
        .collect();
    assert!(a.seed(&rows).await.unwrap().is_empty());
    // The same rows again, from the other worker: nothing differs.
    assert!(b.seed(&rows).await.unwrap().is_empty());
    let changed = b.seed(&[(2, "{\"n\":20}".into())]).await.unwrap();
    assert_eq!(changed, [(2, "{\"n\":2}".into(), "{\"n\":20}".into())]);

    let first = a
        .claim(2, Resume::default(), "20261206120000")
        .await
        .unwrap();
    assert_eq!(first.iter().map(|c| c.row).collect::<Vec<_>>(), [1, 2]);
    // Claimed rows are not claimed twice.
    let other = b
        .claim(5, Resume::default(), "20261206120000")
        .await
        .unwrap();
    assert_eq!(other.iter().map(|c| c.row).collect::<Vec<_>>(), [3]);
    assert_eq!(a.held_by_others().await.unwrap(), 1);

    // The leases run out (b's own row 3 too: nothing renewed it); a claim marks the
    // rows unknown, and, resending unknown rows, b claims row 1 again.
    tokio::time::sleep(lease + Duration::from_millis(300)).await;
    let resend = Resume {
        resend_unknown: true,
        ..Resume::default()
    };
    assert!(
        b.claim(5, resend, "20261206120001")
            .await
            .unwrap()
            .is_empty()
    );
    let unknown = b.in_states(&[RowState::Unknown]).await.unwrap();
    assert_eq!(unknown.iter().map(|e| e.row).collect::<Vec<_>>(), [1, 2, 3]);
    let again = b.claim(1, resend, "20261206120001").await.unwrap();
    assert_eq!((again[0].row, again[0].claim), (1, 2));

    // a's answer for row 1 is not recorded over b's claim; for row 2, nobody claimed it
    // again, so a's answer is kept.
    let lost = a
        .settle(&[(answered(1), first[0].claim), (answered(2), first[1].claim)])
        .await
        .unwrap();
    assert_eq!(lost, [1]);
    assert!(
        b.settle(&[(answered(1), again[0].claim)])
            .await
            .unwrap()
            .is_empty()
    );
    let done = b.in_states(&[RowState::Answered]).await.unwrap();
    assert_eq!(done.iter().map(|e| e.row).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(done[0].request_id.as_deref(), Some("id-1"));
    assert!(a.statements() > 0);
    drop(postgres);
}

#[tokio::test]
async fn tls_is_used_when_the_url_asks_and_the_certificate_is_checked() {
    let dir = std::env::temp_dir().join(format!("ytx-batch-pg-tls-{}", std::process::id()));
    let mut postgres = Postgres::start(&dir);
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let server = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let port = postgres.enable_tls(&server.pem(), &key.serialize_pem());
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();
    let url = |extra: &str| {
        format!("postgresql://postgres@localhost:{port}/postgres?sslmode=require{extra}")
    };
    let lease = Duration::from_secs(5);
    // Trusting the CA: connected over TLS.
    let trusted = url(&format!("&sslrootcert={}", ca_file.display()));
    let mut journal = PgJournal::connect(&trusted, "tls", "E", "a", lease)
        .await
        .unwrap();
    assert!(journal.seed(&[(1, "{}".into())]).await.unwrap().is_empty());
    let encrypted = postgres
        .psql("SELECT count(*) FROM pg_stat_ssl WHERE ssl")
        .unwrap();
    assert_ne!(encrypted, "0", "no connection used TLS");
    // Not trusting it: refused, never sent in the clear.
    let err = PgJournal::connect(&url(""), "tls", "E", "a", lease)
        .await
        .unwrap_err();
    assert!(matches!(err, PgError::Connect(_)), "{err}");
    drop(journal);
    drop(postgres);
}
