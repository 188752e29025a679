//! Batches against the emulator: rows sent once, reruns that skip, list and resume, bad
//! rows reported by number, and the SQLite store across reopenings.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ytx_batch::{
    Format, Journal, JournalError, JournalStore, MemoryStore, Options, Report, Resume, RowState,
    Rows, SqliteStore, Summary, run,
};
use ytx_core::{Client, Config, Operation};
use ytx_emulator::{DEMO_ACCOUNT_SID, DEMO_APP_ID, DEMO_AUTH_TOKEN, Emulator, Fault, FaultRule};

fn template_sms() -> Operation {
    // Names the crate, so its endpoints are linked in.
    let _ = ytx_sms::TemplateSms::new(vec![], "");
    *ytx_core::registered()
        .unwrap()
        .iter()
        .find(|op| op.name() == "TemplateSms")
        .unwrap()
}

async fn emulator() -> Emulator {
    Emulator::demo().demo_data(false).start().await.unwrap()
}

fn client(emulator: &Emulator, timeout: Duration) -> Client {
    let config = Config::builder()
        .account_sid(DEMO_ACCOUNT_SID)
        .auth_token(DEMO_AUTH_TOKEN)
        .app_id(DEMO_APP_ID)
        .base_url(emulator.base_url())
        .attempt_timeout(timeout)
        .build()
        .unwrap();
    Client::new(config)
}

fn jsonl(mobiles: &[&str]) -> String {
    mobiles
        .iter()
        .map(|mobile| format!("{{\"mobile\":\"{mobile}\",\"templateId\":\"1\"}}\n"))
        .collect()
}

/// Runs `input` and returns the summary, every report, and the journal.
async fn batch<S: JournalStore>(
    client: &Client,
    input: &str,
    format: Format,
    journal: Journal<S>,
    resume: Resume,
) -> (Summary, Vec<Report>, Journal<S>) {
    let operation = template_sms();
    let rows = Rows::new(input.as_bytes(), format, operation.fields());
    let options = Options {
        concurrency: 4,
        resume,
    };
    let mut reports = Vec::new();
    let (summary, journal) = run(client, operation, rows, journal, options, |report| {
        reports.push(report.clone())
    })
    .await
    .unwrap();
    (summary, reports, journal)
}

fn sent_mobiles(emulator: &Emulator) -> Vec<String> {
    let mut mobiles: Vec<String> = emulator
        .ledger()
        .into_iter()
        .filter_map(|entry| match entry.effect {
            ytx_emulator::SideEffect::SmsSent { mobiles, .. } => Some(mobiles.join(",")),
            _ => None,
        })
        .collect();
    mobiles.sort();
    mobiles
}

#[tokio::test]
async fn a_rerun_skips_what_was_answered_and_lists_what_is_unknown() {
    let emulator = emulator().await;
    let input = jsonl(&["13900000001", "13900000002", "13900000003"]);
    // The second request takes effect but its answer never comes in time.
    emulator.inject(FaultRule::new(Fault::Delay(Duration::from_millis(1))));
    emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(2))));
    let impatient = client(&emulator, Duration::from_millis(500));
    let options = Resume::default();
    let journal = Journal::open(MemoryStore::new(), template_sms().path()).unwrap();
    let first = {
        let operation = template_sms();
        let rows = Rows::new(input.as_bytes(), Format::JsonLines, operation.fields());
        let one_at_a_time = Options {
            concurrency: 1,
            resume: options,
        };
        let mut lost = None;
        let ran = run(
            &impatient,
            operation,
            rows,
            journal,
            one_at_a_time,
            |report| {
                if let Report::Settled(entry) = report
                    && entry.state == RowState::Unknown
                {
                    lost = Some(entry.row);
                }
            },
        )
        .await
        .unwrap();
        (ran, lost.expect("one row's outcome is unknown"))
    };
    let ((summary, journal), lost) = first;
    assert_eq!((summary.answered, summary.unknown), (2, 1), "{summary:?}");
    assert_eq!(sent_mobiles(&emulator).len(), 3);

    let (summary, reports, mut journal) =
        batch(&impatient, &input, Format::JsonLines, journal, options).await;
    assert_eq!(
        (summary.skipped, summary.listed, summary.answered),
        (2, 1, 0)
    );
    assert!(
        reports
            .iter()
            .any(|r| matches!(r, Report::Listed(e) if e.row == lost))
    );
    assert_eq!(sent_mobiles(&emulator).len(), 3, "nothing sent twice");
    let unknown = journal.unknown().unwrap();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].row, lost);
    assert!(unknown[0].fields.contains(&format!("1390000000{lost}")));

    // Asked to, it sends the unknown row again (it took effect: now twice, as asked).
    let resend = Resume {
        resend_unknown: true,
        ..options
    };
    let (summary, _, _) = batch(&impatient, &input, Format::JsonLines, journal, resend).await;
    assert_eq!((summary.skipped, summary.answered), (2, 1));
    assert_eq!(sent_mobiles(&emulator).len(), 4);
}

#[tokio::test]
async fn bad_rows_are_reported_by_number_and_the_others_are_sent() {
    let emulator = emulator().await;
    let client = client(&emulator, Duration::from_secs(5));
    let input = "{\"mobile\":\"13900000001\",\"templateId\":\"1\"}\n\
                 {\"mobile\":\"13900000002\"}\n\
                 {not json\n\
                 \n\
                 [1,2]\n\
                 {\"mobile\":\"13900000006\",\"templateId\":\"1\",\"bogus\":1}\n\
                 {\"mobile\":\"13900000007\",\"templateId\":\"1\"}\n";
    let journal = Journal::open(MemoryStore::new(), template_sms().path()).unwrap();
    let (summary, reports, _) = batch(
        &client,
        input,
        Format::JsonLines,
        journal,
        Resume::default(),
    )
    .await;
    let mut bad: Vec<(u64, String)> = reports
        .iter()
        .filter_map(|report| match report {
            Report::Bad { row, error } => Some((*row, error.clone())),
            _ => None,
        })
        .collect();
    bad.sort();
    let rows: Vec<u64> = bad.iter().map(|(row, _)| *row).collect();
    assert_eq!(rows, [2, 3, 5, 6], "{bad:?}");
    assert!(bad[0].1.contains("templateId"), "{bad:?}");
    assert!(bad[1].1.contains("malformed JSON"));
    assert!(bad[3].1.contains("bogus"));
    assert_eq!(summary.answered, 2);
    assert_eq!(sent_mobiles(&emulator), ["13900000001", "13900000007"]);

    let csv =
        "mobile,templateId,extra\n13900000011,1,\n13900000012,,\n\"13900000013,13900000014\",1,x\n";
    let journal = Journal::open(MemoryStore::new(), template_sms().path()).unwrap();
    let (summary, reports, _) = batch(&client, csv, Format::Csv, journal, Resume::default()).await;
    assert_eq!(summary.bad, 3, "{reports:?}");
    assert!(
        reports
            .iter()
            .all(|r| matches!(r, Report::Bad { error, .. } if error.contains("extra") || error.contains("templateId")))
    );
    let csv = "mobile,templateId,datas\n\"13900000013,13900000014\",1,\"[\"\"a\"\",\"\"b\"\"]\"\n13900000015,1,one\n";
    let journal = Journal::open(MemoryStore::new(), template_sms().path()).unwrap();
    let (summary, reports, _) = batch(&client, csv, Format::Csv, journal, Resume::default()).await;
    assert_eq!(summary.answered, 2, "{reports:?}");
    assert!(sent_mobiles(&emulator).contains(&"13900000013,13900000014".to_owned()));
}

/// A batch of JSON Lines `input` with the SQLite journal at `path`; its summary.
async fn sqlite_batch(client: &Client, path: &Path, input: &str) -> Summary {
    let store = SqliteStore::open(path).unwrap();
    let journal = Journal::open(store, template_sms().path()).unwrap();
    batch(client, input, Format::JsonLines, journal, Resume::default())
        .await
        .0
}

fn temp_journal(name: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("ytx-batch-{}-{name}.journal", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

#[tokio::test]
async fn the_sqlite_journal_keeps_rows_across_runs_and_refuses_another_input() {
    let emulator = emulator().await;
    let client = client(&emulator, Duration::from_secs(5));
    let path = temp_journal("reopen");
    // Written otherwise than `serde_json` would write the fields (spacing, key order).
    let input: String = ["13900000021", "13900000022"]
        .iter()
        .map(|mobile| format!("{{ \"templateId\" : \"1\", \"mobile\" : \"{mobile}\" }}\n"))
        .collect();
    let identity = template_sms().path();

    let summary = sqlite_batch(&client, &path, &input).await;
    assert_eq!(summary.answered, 2);

    let mut store = SqliteStore::open(&path).unwrap();
    // Each row keeps its line as the input wrote it, and the requestId the platform
    // answered it with.
    let lines: Vec<&str> = input.lines().collect();
    let mut journaled: Vec<String> = (1..=2)
        .map(|row| {
            let entry = store.get(row).unwrap().unwrap();
            assert_eq!(entry.state, RowState::Answered);
            assert_eq!(entry.fields, lines[row as usize - 1].trim());
            entry.request_id.unwrap()
        })
        .collect();
    let mut answered: Vec<String> = emulator
        .ledger()
        .into_iter()
        .map(|entry| entry.request_id)
        .collect();
    journaled.sort();
    answered.sort();
    assert_eq!(journaled, answered);
    drop(store);
    let summary = sqlite_batch(&client, &path, &input).await;
    assert_eq!(summary.skipped, 2);
    assert_eq!(sent_mobiles(&emulator).len(), 2);

    // The same rows written another way are the same rows.
    let rewritten = jsonl(&["13900000021", "13900000022"]);
    let summary = sqlite_batch(&client, &path, &rewritten).await;
    assert_eq!(summary.skipped, 2);
    assert_eq!(sent_mobiles(&emulator).len(), 2);

    // Another endpoint, or another input, with the same journal: refused.
    let other = Journal::open(SqliteStore::open(&path).unwrap(), "ytx_call::NoticeCall");
    assert!(matches!(other, Err(JournalError::OtherEndpoint { .. })));
    let journal = Journal::open(SqliteStore::open(&path).unwrap(), identity).unwrap();
    let operation = template_sms();
    let changed = jsonl(&["13900000029"]);
    let rows = Rows::new(changed.as_bytes(), Format::JsonLines, operation.fields());
    let stopped = run(
        &client,
        operation,
        rows,
        journal,
        Options::default(),
        |_| {},
    )
    .await;
    let err = stopped.unwrap_err();
    assert!(err.to_string().contains("row 1 differs"), "{err}");
    assert_eq!(sent_mobiles(&emulator).len(), 2);
}

/// A store that keeps its entries in a shared `MemoryStore`, and fails every write after
/// the first `writes` (a disk that filled up).
#[derive(Debug)]
struct FillingUp {
    kept: std::sync::Arc<std::sync::Mutex<MemoryStore>>,
    writes: usize,
}

impl JournalStore for FillingUp {
    type Error = std::io::Error;

    fn identity(&mut self) -> Result<Option<String>, std::io::Error> {
        Ok(self.kept.lock().unwrap().identity().unwrap())
    }

    fn set_identity(&mut self, identity: &str) -> Result<(), std::io::Error> {
        self.kept.lock().unwrap().set_identity(identity).unwrap();
        Ok(())
    }

    fn get(&mut self, row: u64) -> Result<Option<ytx_batch::Entry>, std::io::Error> {
        Ok(self.kept.lock().unwrap().get(row).unwrap())
    }

    fn last_row(&mut self) -> Result<Option<u64>, std::io::Error> {
        Ok(self.kept.lock().unwrap().last_row().unwrap())
    }

    fn put(&mut self, entries: &[ytx_batch::Entry]) -> Result<(), std::io::Error> {
        if self.writes == 0 {
            return Err(std::io::Error::other("the disk is full"));
        }
        self.writes -= 1;
        self.kept.lock().unwrap().put(entries).unwrap();
        Ok(())
    }

    fn in_states(&mut self, states: &[RowState]) -> Result<Vec<ytx_batch::Entry>, std::io::Error> {
        Ok(self.kept.lock().unwrap().in_states(states).unwrap())
    }
}

#[tokio::test]
async fn when_the_journal_cannot_be_written_no_row_it_did_not_claim_is_sent() {
    let emulator = emulator().await;
    let client = client(&emulator, Duration::from_secs(5));
    let mobiles: Vec<String> = (0..300).map(|row| format!("1390000{row:04}")).collect();
    let mobiles: Vec<&str> = mobiles.iter().map(String::as_str).collect();
    let input = jsonl(&mobiles);
    let kept = std::sync::Arc::new(std::sync::Mutex::new(MemoryStore::new()));
    let store = FillingUp {
        kept: kept.clone(),
        writes: 3,
    };
    let operation = template_sms();
    let journal = Journal::open(store, operation.path()).unwrap();
    let rows = Rows::new(input.as_bytes(), Format::JsonLines, operation.fields());
    let options = Options {
        concurrency: 4,
        ..Options::default()
    };
    let stopped = run(&client, operation, rows, journal, options, |_| {}).await;
    let err = stopped.unwrap_err();
    assert!(err.to_string().contains("the disk is full"), "{err}");

    let sent = sent_mobiles(&emulator);
    assert!(!sent.is_empty() && sent.len() < 300, "{} sent", sent.len());
    let mut kept = kept.lock().unwrap();
    let claimed: Vec<String> = kept
        .in_states(&[
            RowState::Sending,
            RowState::Answered,
            RowState::Refused,
            RowState::Unknown,
            RowState::NotSent,
        ])
        .unwrap()
        .into_iter()
        .map(|entry| {
            let fields: serde_json::Value = serde_json::from_str(&entry.fields).unwrap();
            fields["mobile"].as_str().unwrap().to_owned()
        })
        .collect();
    for mobile in &sent {
        assert!(claimed.contains(mobile), "{mobile} was sent unclaimed");
    }
}
