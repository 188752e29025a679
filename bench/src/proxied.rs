//! `loopback proxy-cost`: the SDK's rate through a real forward proxy (Debian's tinyproxy,
//! started here on 127.0.0.1 and stopped by its PID) against the direct path, at 32 in
//! flight, in interleaved rounds of one run.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::clients::Ytx;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// A tinyproxy on 127.0.0.1, killed on drop.
pub struct Tinyproxy {
    child: Child,
    dir: std::path::PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Tinyproxy {
    /// Starts one allowing 127.0.0.1, with room for `clients` connections.
    pub fn start(clients: usize) -> Result<Self, Error> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let dir = std::env::temp_dir().join(format!("ytx-bench-tinyproxy-{port}"));
        std::fs::create_dir_all(&dir)?;
        let config = dir.join("tinyproxy.conf");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 60\nMaxClients {}\nAllow 127.0.0.1\n\
                 LogLevel Critical\nLogFile \"{}/log\"\n",
                clients * 2,
                dir.display()
            ),
        )?;
        let child = Command::new("tinyproxy")
            .args(["-d", "-c"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("tinyproxy ({err}): run scripts/setup-test-deps"))?;
        let proxy = Self {
            child,
            dir,
            url: format!("http://127.0.0.1:{port}"),
        };
        let ready = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > ready {
                return Err("tinyproxy did not start".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(proxy)
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The two clients: direct to `addr`, and through `proxy`.
pub fn clients(addr: SocketAddr, proxy: &Tinyproxy) -> [(&'static str, Ytx); 2] {
    [
        ("direct", Ytx::new(addr, false)),
        ("through tinyproxy", Ytx::proxied(addr, &proxy.url)),
    ]
}
