//! Any bytes as an answer body, decoded by every registered endpoint's response type.
#![no_main]

use libfuzzer_sys::fuzz_target;

// Names every `ytx-*` dependency (the CLI's build script writes the list from the
// manifest), so that each family crate's endpoints register themselves.
include!(concat!(env!("OUT_DIR"), "/families.rs"));

fuzz_target!(|data: &[u8]| {
    let operations = ytx_core::registered().expect("no two structs share an endpoint");
    for operation in operations {
        let _ = operation.decode(bytes::Bytes::copy_from_slice(data));
    }
});
