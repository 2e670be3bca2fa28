//! The `usine` binary: everything lives in the library; errors are reported at this edge.

/// Builds allocate a lot (HTML parsing and rewriting, templates): mimalloc is faster at it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    usine::cli::main()
}
