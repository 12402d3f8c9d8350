#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| defcoop_fuzz::package(data));
