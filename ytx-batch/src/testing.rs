//! A private PostgreSQL server for tests and benchmarks of the PostgreSQL journal (feature
//! `testing`): Debian's binaries (`apt-get install postgresql`), a data directory and a
//! Unix socket in a directory of the caller's, run as the `postgres` user when the process
//! runs as root (PostgreSQL refuses root), and stopped by its PID. Nothing of the machine's
//! own clusters is used. Its functions panic when the server cannot be set up: they are
//! for tests.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The directory of PostgreSQL's programs: Debian's `/usr/lib/postgresql/<version>/bin`.
fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| {
            dir.filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions
        .pop()
        .map(|version| version.join("bin"))
        .filter(|bin| bin.join("postgres").exists())
        .unwrap_or_else(|| panic!("PostgreSQL is not installed: run scripts/setup-test-deps"))
}

/// The uid and gid of the `postgres` user, when the tests run as root.
fn run_as() -> Option<(u32, u32)> {
    let root = Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
    if !root {
        return None;
    }
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, "postgres"]).output().ok()?;
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

/// A PostgreSQL server of one's own, stopped and removed on drop.
#[derive(Debug)]
pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    user: Option<(u32, u32)>,
    server: Option<Child>,
    /// The TCP port, when the server also listens on 127.0.0.1 with TLS.
    tls_port: Option<u16>,
}

impl Postgres {
    /// A new cluster in `dir` (created; removed on drop), started.
    pub fn start(dir: &Path) -> Self {
        let mut postgres = Self {
            dir: dir.to_owned(),
            bin: bin_dir(),
            user: run_as(),
            server: None,
            tls_port: None,
        };
        std::fs::create_dir_all(dir).unwrap();
        if let Some((uid, gid)) = postgres.user {
            std::os::unix::fs::chown(dir, Some(uid), Some(gid)).unwrap();
        }
        let status = postgres
            .command("initdb")
            .args([
                "-D",
                "data",
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "initdb failed");
        postgres.run();
        postgres
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin.join(program));
        command.current_dir(&self.dir);
        if let Some((uid, gid)) = self.user {
            command.uid(uid).gid(gid);
        }
        command
    }

    /// Starts the server on the cluster (again, after a stop), and waits until it answers.
    pub fn run(&mut self) {
        let server = self
            .command("postgres")
            .args(["-D", "data", "-k"])
            .arg(&self.dir)
            .args(["-c", "max_connections=50"])
            .args(match self.tls_port {
                None => vec!["-c".to_owned(), "listen_addresses=".to_owned()],
                Some(port) => [
                    "listen_addresses=127.0.0.1".to_owned(),
                    format!("port={port}"),
                    "ssl=on".to_owned(),
                    "ssl_cert_file=server.crt".to_owned(),
                    "ssl_key_file=server.key".to_owned(),
                ]
                .into_iter()
                .flat_map(|setting| ["-c".to_owned(), setting])
                .collect(),
            })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.server = Some(server);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.psql("SELECT 1").is_some_and(|out| out == "1") {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("PostgreSQL did not start in {}", self.dir.display());
    }

    /// `pg_ctl stop -m immediate`: the server dies as in a crash.
    pub fn stop_immediately(&mut self) {
        let status = self
            .command("pg_ctl")
            .args(["stop", "-m", "immediate", "-D", "data"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        if let Some(mut server) = self.server.take() {
            let _ = server.wait();
        }
    }

    /// The port: its socket's name (`.s.PGSQL.<port>`), and its TCP port with TLS.
    fn port(&self) -> u16 {
        self.tls_port.unwrap_or(5432)
    }

    /// Restarts the server listening on 127.0.0.1 with TLS too, with the certificate chain
    /// `cert_pem` and key `key_pem` (PEM); returns the port.
    pub fn enable_tls(&mut self, cert_pem: &str, key_pem: &str) -> u16 {
        let data = self.dir.join("data");
        std::fs::write(data.join("server.crt"), cert_pem).unwrap();
        std::fs::write(data.join("server.key"), key_pem).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            data.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        if let Some((uid, gid)) = self.user {
            for file in ["server.crt", "server.key"] {
                std::os::unix::fs::chown(data.join(file), Some(uid), Some(gid)).unwrap();
            }
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|addr| addr.port())
            .unwrap();
        if let Some(mut server) = self.server.take() {
            let _ = Command::new("kill")
                .args(["-INT", &server.id().to_string()])
                .status();
            let _ = server.wait();
        }
        self.tls_port = Some(port);
        self.run();
        port
    }

    /// The URL of database `postgres` on the socket.
    pub fn url(&self) -> String {
        format!(
            "postgresql://postgres@localhost/postgres?host={}&port={}",
            self.dir.display(),
            self.port()
        )
    }

    /// One query's result, rows on lines, columns separated by `|`.
    pub fn psql(&self, sql: &str) -> Option<String> {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-At", "-h"])
            .arg(&self.dir)
            .args(["-p", &self.port().to_string()])
            .args(["-U", "postgres", "-d", "postgres", "-c", sql])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(mut server) = self.server.take() {
            // SIGINT by its PID: a fast shutdown, which ends the sessions still open (a smart
            // one, SIGTERM, would wait for them); then reaped.
            let _ = Command::new("kill")
                .args(["-INT", &server.id().to_string()])
                .status();
            let _ = server.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
