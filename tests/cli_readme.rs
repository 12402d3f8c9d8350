//! The README's `console` examples, run against the real binary with trycmd, so the README
//! cannot lie. Blocks in other languages (`sh`) are not run.

#[test]
fn readme_examples_hold() {
    trycmd::TestCases::new()
        .register_bin("defcoop", trycmd::cargo::cargo_bin!("defcoop"))
        .case("README.md");
}
