//! The server every client is measured against: hyper, HTTP/1.1, one thread. It checks the
//! `Sign` against the `Authorization` timestamp (the work the platform must do at least)
//! and answers a fixed success: MeetingQuery's, or a side effect's for `DailbackCall.wx`.

use std::convert::Infallible;
use std::net::SocketAddr;

use base64::Engine as _;
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use ytx_core::sign::md5_hex_upper;

use crate::{SID, TOKEN};

/// The answer: the documented MeetingQuery success shape.
pub const ANSWER: &[u8] = br#"{"statusCode":"0","statusMsg":"\u63d0\u4ea4\u6210\u529f","data":[{"confid":"002","meetingname":"weekly"}]}"#;

/// A side effect's answer: what `DailbackCall.wx` gets.
pub const SUBMITTED: &[u8] = br#"{"statusCode":"0","statusMsg":"\u63d0\u4ea4\u6210\u529f","requestId":"20200437755840048670965760400"}"#;

/// Whether the request's `Sign` is MD5(sid + token + the Authorization's timestamp).
fn signed(request: &Request<Incoming>) -> bool {
    let Some(sign) = request.uri().query().and_then(|q| q.strip_prefix("Sign=")) else {
        return false;
    };
    let Some(header) = request.headers().get(http::header::AUTHORIZATION) else {
        return false;
    };
    let Ok(plain) = base64::engine::general_purpose::STANDARD.decode(header.as_bytes()) else {
        return false;
    };
    let Some(timestamp) = plain.strip_prefix(format!("{SID}|").as_bytes()) else {
        return false;
    };
    sign.as_bytes().eq_ignore_ascii_case(&md5_hex_upper(&[
        SID.as_bytes(),
        TOKEN.as_bytes(),
        timestamp,
    ]))
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let ok = signed(&request);
    let side_effect = request.uri().path().ends_with("/DailbackCall.wx");
    let _ = request.into_body().collect().await;
    let mut response = Response::new(Full::new(Bytes::from_static(match (ok, side_effect) {
        (true, false) => ANSWER,
        (true, true) => SUBMITTED,
        (false, _) => b"{\"statusCode\":\"-203\"}",
    })));
    if !ok {
        *response.status_mut() = StatusCode::OK;
    }
    Ok(response)
}

/// Serves on `listener` until the process ends.
pub async fn serve(listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(
            http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(answer)),
        );
    }
}

/// Binds 127.0.0.1:`port` (0 for any).
pub async fn bind(port: u16) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}
