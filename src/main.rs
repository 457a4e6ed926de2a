/// Parsing thousands of small TOML files is allocation-bound; mimalloc is
/// markedly faster than the system allocator at it, on two threads especially.
/// Version 2 (the `v2` feature): measured against v3 on the benches, as fast
/// or faster everywhere (a 2,000-commit history 5%, a 5,000-feature report
/// 12%) with about half the memory touched (the kernel zeroes each new page).
/// Built with `no_thp`: mimalloc does not ask the kernel for transparent huge
/// pages (`madvise(MADV_HUGEPAGE)`), so the system's own policy decides, as
/// for any program on the system allocator. On a virtual machine whose
/// memory the host backs on first touch, each fresh 2 MiB page cost about
/// 5 ms: `schedule` of 20,000 features took 980 ms against 397 ms without,
/// `report` of 50,000 2.5 s against 1.3 s; small runs (a 200-feature
/// `history`, `check`) lose 5–8% to the extra 4 KiB faults.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    milepost::cli()
}
