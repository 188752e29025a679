//! `--batch FILE --journal postgres://…`: one worker of a campaign several workers share,
//! on one machine or many (ytx-batch's PostgreSQL journal).

use std::fmt;
use std::path::Path;
use std::time::Duration;

use clap::ArgMatches;
use ytx_batch::{Options, PgJournal, Report, Row, Summary};
use ytx_core::{Client, Operation};

/// The journal's URL, if it names a PostgreSQL database.
pub(crate) fn postgres_url(journal: &Path) -> Option<&str> {
    let text = journal.to_str()?;
    (text.starts_with("postgres://") || text.starts_with("postgresql://")).then_some(text)
}

/// A campaign as the flags give it.
pub(crate) struct Campaign<'a> {
    url: &'a str,
    name: String,
    lease: Result<Duration, String>,
}

impl fmt::Display for Campaign<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL's password is not shown; it may hold a raw `@`, so the credentials end at
        // the last one.
        let shown = match self.url.rsplit_once('@') {
            Some((scheme_user, host)) => {
                let user = scheme_user.split(':').take(2).collect::<Vec<_>>().join(":");
                format!("{user}@{host}")
            }
            None => self.url.to_owned(),
        };
        write!(f, "campaign `{}` at {shown}", self.name)
    }
}

impl<'a> Campaign<'a> {
    pub(crate) fn of(args: &ArgMatches, input: &Path, url: &'a str) -> Self {
        let name = args
            .get_one::<String>("campaign")
            .cloned()
            .unwrap_or_else(|| {
                input.file_name().map_or_else(
                    || "campaign".into(),
                    |name| name.to_string_lossy().into_owned(),
                )
            });
        let lease = match args.get_one::<String>("lease") {
            None => Ok(Duration::from_secs(60)),
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|seconds| seconds.is_finite() && *seconds >= 1.0 && *seconds <= 86_400.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| "--lease takes a number of seconds from 1 to 86400".to_owned()),
        };
        Self { url, name, lease }
    }

    pub(crate) async fn run(
        &self,
        client: &Client,
        operation: Operation,
        identity: &str,
        rows: impl IntoIterator<Item = std::io::Result<Row>>,
        options: Options,
        report: impl FnMut(&Report),
    ) -> Result<Summary, String> {
        let lease = self.lease.clone()?;
        let mut journal = PgJournal::connect(self.url, &self.name, identity, &worker(), lease)
            .await
            .map_err(|err| err.to_string())?;
        ytx_batch::run_shared(client, operation, rows, &mut journal, options, report)
            .await
            .map_err(|err| err.to_string())
    }
}

/// This worker's name: the host and the process.
fn worker() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "host".into());
    format!("{host}:{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        for url in [
            "postgres://ytx:s3cret@db/campaigns",
            "postgres://ytx:s3@cret@db/campaigns",
        ] {
            let campaign = Campaign {
                url,
                name: "notices".into(),
                lease: Ok(Duration::from_secs(60)),
            };
            let shown = campaign.to_string();
            assert!(!shown.contains("s3") && !shown.contains("cret"), "{shown}");
            assert_eq!(shown, "campaign `notices` at postgres://ytx@db/campaigns");
        }
    }
}
