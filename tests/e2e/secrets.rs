//! The auth token, the Sign and the Authorization header never appear in any `Debug` or
//! `Display` output, whatever happens to the call.

use std::time::Duration;

use ytx_call::{DailbackCall, MeetingQuery};

use crate::support::{Reply, Server, TOKEN, doc_vector as vector};

#[tokio::test]
async fn no_output_contains_a_secret() {
    let sign = vector().sign.clone();
    let authorization = vector().authorization.clone();
    let secrets = [
        TOKEN.to_owned(),
        sign.clone(),
        sign.to_lowercase(),
        authorization,
    ];

    let replies = [
        Reply::json(r#"{"statusCode":"0","statusMsg":"提交成功","data":{}}"#),
        Reply::json(r#"{"statusCode":"-203","statusMsg":"AuthToken验证失败"}"#),
        Reply::json(r#"{"statusCode":"-202","statusMsg":"包头验证信息错误"}"#),
        Reply::Http {
            status: 500,
            content_type: "text/html",
            body: b"<h1>oops</h1>".to_vec(),
        },
        Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{".to_vec()),
        Reply::Silent,
    ];
    let mut outputs = Vec::new();
    for reply in replies {
        let server = Server::start(reply).await;
        let client =
            server.client_with(|config| config.attempt_timeout(Duration::from_millis(300)));
        outputs.push(format!("{client:?}"));
        outputs.push(format!("{:#?}", client.config()));
        // A query and a side effect: the second turns ambiguous failures into OutcomeUnknown.
        let query = client
            .send(MeetingQuery::new(1).confid("002"))
            .await
            .map(|r| format!("{r:?}"));
        let call = DailbackCall::new("13911281234", "13522855865").custom_parm("order-1");
        let call = client.send(call).await.map(|r| format!("{r:?}"));
        for result in [query, call] {
            match result {
                Ok(response) => outputs.push(response),
                Err(err) => {
                    outputs.push(format!("{err}"));
                    outputs.push(format!("{err:?}"));
                    outputs.push(format!("{err:#?}"));
                    let mut source = std::error::Error::source(&err);
                    while let Some(inner) = source {
                        outputs.push(format!("{inner} / {inner:?}"));
                        source = inner.source();
                    }
                }
            }
        }
        // The secrets really were on the wire, so their absence above means something.
        let sent = server.requests();
        assert!(sent.iter().all(|request| request.target.contains(&sign)));
    }
    assert!(
        outputs.iter().any(|o| o.contains("OutcomeUnknown")),
        "a side effect's unknown outcome was checked"
    );
    for output in &outputs {
        for secret in &secrets {
            assert!(
                !output.contains(secret.as_str()),
                "secret leaked into: {output}"
            );
        }
    }
}
