#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| milepost_fuzz::targets::load(data));
