//! What the emulated platform knows of its customers: accounts, their apps and balances.

use std::fmt;
use std::net::IpAddr;

use ytx_protocol::AuthToken;

/// An application of an account (应用): its id, IP whitelist and callback URL.
#[derive(Debug, Clone)]
pub struct App {
    pub(crate) id: String,
    pub(crate) whitelist: Vec<IpAddr>,
    pub(crate) callback_url: Option<String>,
}

impl App {
    /// An app with no IP whitelist and no callback URL.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            whitelist: Vec::new(),
            callback_url: None,
        }
    }

    /// Only these caller IPs may use the app (IP鉴权); others get `-205`. Empty: no check.
    pub fn whitelist(mut self, ips: impl IntoIterator<Item = IpAddr>) -> Self {
        self.whitelist = ips.into_iter().collect();
        self
    }

    /// Where the platform POSTs callbacks (状态回推) for this app.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }
}

/// An account (开发者主账号): sid, token, apps and balance.
#[derive(Clone)]
pub struct Account {
    pub(crate) sid: String,
    pub(crate) token: AuthToken,
    pub(crate) apps: Vec<App>,
    pub(crate) balance_fen: i64,
}

impl Account {
    /// An account with no apps and a balance of 100.00 yuan.
    pub fn new(sid: impl Into<String>, token: impl Into<AuthToken>) -> Self {
        Self {
            sid: sid.into(),
            token: token.into(),
            apps: Vec::new(),
            balance_fen: 10_000,
        }
    }

    /// Adds an application.
    pub fn app(mut self, app: App) -> Self {
        self.apps.push(app);
        self
    }

    /// The starting balance, in fen (0.01 yuan). Default: 10000 (100.00 yuan).
    pub fn balance_fen(mut self, fen: i64) -> Self {
        self.balance_fen = fen;
        self
    }
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("sid", &self.sid)
            .field("token", &self.token)
            .field("apps", &self.apps)
            .field("balance_fen", &self.balance_fen)
            .finish()
    }
}
