//! The callback receiver mounted in an axum app, behind a secret path segment (the platform
//! signs no callback, so the URL you give it is the secret).
//!
//! ```sh
//! YTX_CALLBACK_SECRET=s3cret cargo run -p ytx-core --example axum_callbacks
//! # in another terminal: a delivery report, as the platform would push it
//! curl -X POST http://127.0.0.1:3000/ytx/callback/s3cret \
//!   -d '{"requestid":"1","mobileList":"13911281234","templateId":"1","sendSts":"1","smsAmount":"1"}'
//! ```

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use ytx_core::callback::{Callback, CallbackReceiver};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("YTX_CALLBACK_SECRET").unwrap_or_else(|_| "change-me".into());
    let (receiver, mut events) = CallbackReceiver::channel(1024);
    // The receiver compares the path in constant time and answers 404 to any other.
    let receiver = receiver.secret_path(format!("/ytx/callback/{secret}"));

    let app = axum::Router::new().route(
        "/ytx/callback/{*rest}",
        post(move |request: Request| {
            let receiver = receiver.clone();
            async move {
                let answer: Response<_> = receiver.handle(request).await;
                answer.into_response()
            }
        }),
    );

    // The application's side: each callback, typed.
    tokio::spawn(async move {
        while let Some(callback) = events.recv().await {
            match callback {
                Callback::SmsDelivery(report) => println!("SMS delivery: {report:?}"),
                Callback::CallState(state) => println!("call state: {state:?}"),
                other => println!("callback: {other:?}"),
            }
        }
    });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
