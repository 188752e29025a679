//! Any bytes as an answer body, decoded by every registered endpoint's response type.
#![no_main]

use libfuzzer_sys::fuzz_target;

// Linked by name, so that their endpoints register themselves.
extern crate ytx_account as _;
extern crate ytx_call as _;
extern crate ytx_haoma as _;
extern crate ytx_sms as _;
extern crate ytx_traffic as _;
extern crate ytx_unicom as _;

fuzz_target!(|data: &[u8]| {
    let operations = ytx_core::registered().expect("no two structs share an endpoint");
    for operation in operations {
        let _ = operation.decode(bytes::Bytes::copy_from_slice(data));
    }
});
