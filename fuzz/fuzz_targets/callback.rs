//! Any bytes as a callback body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ytx_core::callback::Callback::parse(data);
});
