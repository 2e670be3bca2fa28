//! The `usine` binary: everything lives in the library; errors are reported at this edge.

fn main() -> std::process::ExitCode {
    usine::cli::main()
}
