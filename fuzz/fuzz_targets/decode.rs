//! Any bytes as an answer body, decoded by every endpoint's response type.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut operations = ytx_call::operations();
    operations.extend(ytx_sms::operations());
    operations.extend(ytx_traffic::operations());
    operations.extend(ytx_account::operations());
    for operation in &operations {
        let _ = operation.decode(bytes::Bytes::copy_from_slice(data));
    }
});
