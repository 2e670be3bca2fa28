//! The `usine` binary: everything lives in the library; errors are reported at this edge.

/// Builds allocate a lot (HTML parsing and rewriting, templates): mimalloc is faster at it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_transparent_huge_pages();
    usine::cli::main()
}

/// mimalloc asks the kernel for transparent huge pages, which the kernel zeroes whole (2 MiB)
/// at first touch. A build's heap is a few MiB per thread and short-lived: zeroing huge pages
/// was 7 % of a 1,000-page build's CPU time, and peak memory doubled (27 → 57 MiB).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn no_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE sets one flag of this process, read by the kernel at each page
    // fault; it touches no memory of ours. Failing (an old kernel) changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}
