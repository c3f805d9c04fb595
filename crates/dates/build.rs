//! Spells the deadline token pattern (`src/token.rs`) for the ASCII spelling of prepared text
//! once, at build time: spelled at run time, it would cost every process half a millisecond.

#[path = "src/token.rs"]
mod token;

fn main() {
    println!("cargo::rerun-if-changed=src/token.rs");
    let spelled = roadmap_ascii::pattern(&token::pattern()).unwrap_or_else(|e| panic!("the token pattern does not spell: {e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("token.spelled");
    std::fs::write(&out, spelled).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
