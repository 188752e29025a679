use super::*;
use crate::store::MemoryStore;

/// What an earlier run journaled for row 1: the fields as `serde_json` writes them.
const JOURNALED: &str = r#"{"mobile":"13900000001","templateId":"1"}"#;

fn journal() -> Journal<MemoryStore> {
    let mut journal = Journal::open(MemoryStore::new(), "TemplateSms").unwrap();
    let answered = Entry {
        row: 1,
        state: RowState::Answered,
        fields: JOURNALED.to_owned(),
        sent_at: "20261204193000".to_owned(),
        request_id: Some("2026120419300000001".to_owned()),
        detail: None,
    };
    journal.record(&[answered]).unwrap();
    journal
}

#[test]
fn a_row_written_another_way_is_the_same_row() {
    let mut journal = journal();
    for line in [
        JOURNALED,
        r#"{ "templateId" : "1", "mobile" : "13900000001" }"#,
        r#"{"mobile":"\u0031\u00339\u00300000001","templateId":"1"}"#,
    ] {
        let decided = journal.decide(1, line, Resume::default());
        assert!(
            matches!(decided, Ok(Decision::Skip(_))),
            "{line}: {decided:?}"
        );
    }
}

#[test]
fn a_row_with_other_fields_stops_the_batch() {
    let mut journal = journal();
    for line in [
        r#"{"mobile":"13900000002","templateId":"1"}"#,
        r#"{"mobile":"13900000001"}"#,
        r#"{"mobile":"13900000001","templateId":1}"#,
        r#"{"mobile":"13900000001","templateId":"1","datas":["a"]}"#,
        "not JSON",
    ] {
        let decided = journal.decide(1, line, Resume::default());
        assert!(
            matches!(decided, Err(JournalError::RowChanged { row: 1 })),
            "{line}: {decided:?}"
        );
    }
}

#[test]
fn a_row_after_the_journal_is_sent_without_a_look() {
    let mut journal = journal();
    let decided = journal.decide(2, "not even JSON", Resume::default());
    assert!(matches!(decided, Ok(Decision::Send)), "{decided:?}");
}

#[test]
fn a_generated_key_in_the_journal_is_not_the_rows() {
    let key = ytx_core::new_reconciliation_key();
    let with_key = format!(r#"{{"src":"139","dst":"138","customParm":"{key}"}}"#);
    let mut journal = Journal::open(MemoryStore::new(), "DailbackCall").unwrap();
    let answered = Entry {
        row: 1,
        state: RowState::Answered,
        fields: with_key.clone(),
        sent_at: "20261204193000".to_owned(),
        request_id: None,
        detail: None,
    };
    journal.record(&[answered]).unwrap();
    for same in [r#"{"src":"139","dst":"138"}"#, with_key.as_str()] {
        let decided = journal.decide(1, same, Resume::default());
        assert!(
            matches!(decided, Ok(Decision::Skip(_))),
            "{same}: {decided:?}"
        );
    }
    for changed in [
        // A customParm of the row's own is the row's, whatever the journal's.
        r#"{"src":"139","dst":"138","customParm":"order-1"}"#,
        r#"{"src":"139","dst":"137"}"#,
    ] {
        let decided = journal.decide(1, changed, Resume::default());
        assert!(
            matches!(decided, Err(JournalError::RowChanged { row: 1 })),
            "{changed}: {decided:?}"
        );
    }
    // A customParm of the input's own is never taken for a generated one.
    let own = r#"{"src":"139","dst":"138","customParm":"order-1"}"#;
    let mut journal = Journal::open(MemoryStore::new(), "DailbackCall").unwrap();
    let entry = Entry {
        row: 1,
        state: RowState::Answered,
        fields: own.to_owned(),
        sent_at: "20261204193000".to_owned(),
        request_id: None,
        detail: None,
    };
    journal.record(&[entry]).unwrap();
    let decided = journal.decide(1, r#"{"src":"139","dst":"138"}"#, Resume::default());
    assert!(
        matches!(decided, Err(JournalError::RowChanged { row: 1 })),
        "{decided:?}"
    );
}
