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
    allocator::tune();
    milepost::cli()
}

/// Two of mimalloc's options, set for a process that runs one command and
/// exits (see `allocator::tune`).
mod allocator {
    use libmimalloc_sys::{mi_option_set, mi_option_t};

    /// `mi_option_purge_delay` in mimalloc v2's `mimalloc.h` (the Rust
    /// bindings do not name it): how long memory freed stays with the
    /// process before it is given back to the system; -1 never.
    pub const PURGE_DELAY: mi_option_t = 15;
    /// `mi_option_destroy_on_exit`: above 1, nothing is tidied at exit.
    pub const DESTROY_ON_EXIT: mi_option_t = 22;

    /// Memory freed is kept by the process, not given back to the system,
    /// and nothing is freed at exit, where the system takes it all back at
    /// once. Given back after 10 ms (mimalloc's default), memory freed by
    /// one stage (reading the plan, leveling) is given back, and the next
    /// stage's first touch of it costs a page fault again, the kernel
    /// zeroing the page: 34,000 of the 139,000 faults of a 50,000-feature
    /// `report`. Tidying at exit gave back hundreds of MB a page at a time,
    /// about 45 ms. Together, that `report` takes 11% less time (`cargo
    /// bench --bench report`); a process's memory stays at its peak until
    /// it exits, which it does as soon as its command is done.
    pub fn tune() {
        // Unless the environment already sets them (`MIMALLOC_PURGE_DELAY`,
        // `MIMALLOC_DESTROY_ON_EXIT`): a user tuning the allocator wins.
        let set = |name: &str| std::env::var_os(name).is_some();
        // SAFETY: `mi_option_set` stores a number in mimalloc's table of
        // options (any number is valid for these two); nothing else runs
        // yet, and both options are read as the allocator works, not cached.
        #[allow(unsafe_code)]
        unsafe {
            if !set("MIMALLOC_PURGE_DELAY") {
                mi_option_set(PURGE_DELAY, -1);
            }
            if !set("MIMALLOC_DESTROY_ON_EXIT") {
                mi_option_set(DESTROY_ON_EXIT, 2);
            }
        }
    }

    /// The value of option `option`.
    #[cfg(test)]
    pub fn get(option: mi_option_t) -> std::ffi::c_long {
        // SAFETY: reads mimalloc's table of options; any option number up
        // to `mi_option_last` is valid.
        #[allow(unsafe_code)]
        unsafe {
            libmimalloc_sys::mi_option_get(option)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::allocator::{self, DESTROY_ON_EXIT, PURGE_DELAY};

    /// The option numbers are mimalloc v2's: each option's default is the
    /// one `options.c` gives it (unless the environment sets it), so a
    /// mimalloc whose options moved fails here, not silently in `tune`.
    #[test]
    fn the_allocator_s_option_numbers_are_v2_s() {
        if std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with("MIMALLOC_")) {
            eprintln!("skipped: the environment sets mimalloc options");
            return;
        }
        assert_eq!(allocator::get(PURGE_DELAY), 10, "purge_delay's default");
        assert_eq!(allocator::get(DESTROY_ON_EXIT), 0, "destroy_on_exit's default");
        // Neighbours with defaults of their own, to tell the numbers apart
        // from the next or last: os_tag 100 three after purge_delay,
        // arena_reserve (1 GiB, in KiB) after destroy_on_exit.
        assert_eq!(allocator::get(PURGE_DELAY + 3), 100, "os_tag's default");
        assert_eq!(
            allocator::get(DESTROY_ON_EXIT + 1),
            1024 * 1024,
            "arena_reserve's default"
        );
        allocator::tune();
        assert_eq!(allocator::get(PURGE_DELAY), -1);
        assert_eq!(allocator::get(DESTROY_ON_EXIT), 2);
    }
}
