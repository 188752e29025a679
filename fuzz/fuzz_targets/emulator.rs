//! Any bytes as a request to the emulator: the first byte picks whether the request is
//! correctly signed (so the body reaches the state machine) or made of raw parts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ytx_emulator::fuzz;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 2 == 0 {
        let routes = fuzz::routes();
        let (target, authorization) = fuzz::signed(&routes[usize::from(mode / 2) % routes.len()]);
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let _ = fuzz::request(path, Some(query), Some(authorization.as_bytes()), rest);
    } else {
        let mut parts = rest.splitn(4, |&b| b == 0xFF);
        let path = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
        let query = parts.next().map(|q| String::from_utf8_lossy(q).into_owned());
        let authorization = parts.next();
        let body = parts.next().unwrap_or_default();
        let _ = fuzz::request(&path, query.as_deref(), authorization, body);
    }
});
