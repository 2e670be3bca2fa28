//! Links the `usine` executable at a fixed address on Linux.
//!
//! minify-html embeds a 9.5 MB table of pointers (its entity trie). In a position-independent
//! executable, the dynamic loader rewrites every page of it before `main`, at each start:
//! 2,600 page faults and 6 to 7 ms for a run that builds one commune in 0.3 s
//! (`perf stat -r 30 usine --version`: 9.7 ms, 3.2 ms linked this way). At a fixed address
//! the table is read from the file, and only where it is used. The executable's own
//! addresses are then not randomised; those of its libraries, heap and stacks still are.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
