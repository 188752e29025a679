//! A real forward proxy for the tests: Debian's tinyproxy (installed by
//! `scripts/setup-test-deps`), started on 127.0.0.1 with a configuration of the test's own in
//! a temporary directory, and stopped by its PID when the handle drops.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Tinyproxy {
    pub port: u16,
    child: Child,
    dir: PathBuf,
}

impl Tinyproxy {
    /// tinyproxy with `extra` lines added to its configuration (`ConnectPort 443`,
    /// `BasicAuth user pass`, …).
    pub fn start(extra: &[&str]) -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("ytx-tinyproxy-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut config = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 200\nAllow 127.0.0.1\n\
             LogLevel Connect\nLogFile \"{}/tinyproxy.log\"\n",
            dir.display()
        );
        for line in extra {
            config.push_str(line);
            config.push('\n');
        }
        let path = dir.join("tinyproxy.conf");
        std::fs::write(&path, config).unwrap();
        let child = Command::new("tinyproxy")
            .arg("-d")
            .arg("-c")
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "cannot run tinyproxy ({err}): run scripts/setup-test-deps, which installs it"
                )
            });
        let proxy = Self { port, child, dir };
        let ready = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < ready, "tinyproxy did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        proxy
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
